/* newsreader's player: plain JavaScript, no framework, no request beyond this site.
 *
 * Why it is built this way:
 * - Everything it needs comes from data-* attributes the template fills (a strict
 *   Content-Security-Policy allows no inline script), and the page works without it
 *   (native <audio controls>, MP3 links); this file only upgrades that page.
 * - It plays the whole-article MP3 and moves between sections by their start offsets
 *   (data-start). Until every section has one, it plays one MP3 per section instead.
 * - Single-key shortcuts listen on the player only, so they never take keys from a
 *   screen reader's browse mode (WCAG 2.1.4); following along (highlight and scroll)
 *   can be switched off (WCAG 2.2.2) and scrolls instantly under reduced motion.
 */
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const player = $('player');
  const audio = $('audio');
  if (!player || !audio) return;
  const parts = [...document.querySelectorAll('section.part')];
  const links = parts.map((s) => document.querySelector('nav a[href="#' + s.id + '"]'));
  const heading = (i) => parts[i].querySelector('h2').textContent;
  const timed = parts.length > 0 && parts.every((s) => s.dataset.start);
  const starts = parts.map((s) => (timed ? parseFloat(s.dataset.start) : 0));
  const follow = $('follow');
  const reduced = matchMedia('(prefers-reduced-motion: reduce)');
  const posKey = 'newsreader:position:' + player.dataset.article;
  let fileIdx = 0; // the section playing, when each section has its own file
  let current = -1;
  let sleepAtEnd = false;
  let sleepTimer = 0;
  let lastSave = 0;

  const store = {
    get(k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set(k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode */ } },
    drop(k) { try { localStorage.removeItem(k); } catch (e) { /* private mode */ } },
  };

  const clock = (s) => {
    s = Math.max(0, Math.floor(s || 0));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  };
  const spoken = (s) => {
    s = Math.floor(s || 0);
    const m = Math.floor(s / 60), r = s % 60;
    return (m ? m + (m === 1 ? ' minute ' : ' minutes ') : '') + r + (r === 1 ? ' second' : ' seconds');
  };
  const say = (text) => { $('status').textContent = text; };
  const play = () => { audio.play().catch(() => say('The audio could not start.')); };

  /* Where we are: the section index, and seconds since that section began. */
  const sectionAt = () => {
    if (!timed) return fileIdx;
    let i = 0;
    while (i + 1 < parts.length && starts[i + 1] <= audio.currentTime + 0.05) i++;
    return i;
  };
  const intoSection = () => audio.currentTime - (timed ? starts[sectionAt()] : 0);

  function go(i, andPlay) {
    i = Math.max(0, Math.min(parts.length - 1, i));
    if (timed) {
      audio.currentTime = starts[i];
    } else if (i !== fileIdx || audio.currentSrc !== parts[i].dataset.src) {
      fileIdx = i;
      audio.src = parts[i].dataset.src;
    } else {
      audio.currentTime = 0;
    }
    show();
    if (andPlay) play();
  }

  /* Firefox Narrate's rule: within 2 s of a section's start, go to the one before. */
  const prev = () => {
    const i = sectionAt();
    go(intoSection() < 2 ? i - 1 : i, !audio.paused);
  };
  const next = () => { if (sectionAt() + 1 < parts.length) go(sectionAt() + 1, !audio.paused); };
  const skip = (d) => {
    audio.currentTime = Math.max(0, Math.min(audio.duration || 0, audio.currentTime + d));
  };
  const toggle = () => (audio.paused ? play() : audio.pause());

  const speeds = [...$('speed').options].map((o) => parseFloat(o.value));
  function setSpeed(v, quiet) {
    v = Math.max(speeds[0], Math.min(speeds[speeds.length - 1], v));
    audio.defaultPlaybackRate = audio.playbackRate = v;
    $('speed').value = String(v);
    store.set('newsreader:speed', v);
    if (!quiet) say('Speed ' + v + ' times');
  }
  const nudgeSpeed = (d) => setSpeed(speeds[Math.max(0, speeds.indexOf(audio.playbackRate) + d)] || audio.playbackRate);

  /* The current section: nav link marked, section highlighted, announced when it changes. */
  function mark(i) {
    if (i === current) return;
    if (current >= 0) {
      parts[current].classList.remove('now');
      links[current].removeAttribute('aria-current');
    }
    const first = current < 0;
    current = i;
    parts[i].classList.add('now');
    links[i].setAttribute('aria-current', 'true');
    if (first && audio.paused) return;
    say('Section ' + (i + 1) + ' of ' + parts.length + ': ' + heading(i));
    if (sleepAtEnd && !first) { audio.pause(); stopSleep('Sleep timer: paused at the end of the section.'); }
    if (!audio.paused) reveal(parts[i], 'start');
  }
  const reveal = (el, block) => {
    if (follow.checked) el.scrollIntoView({ block, behavior: reduced.matches ? 'instant' : 'smooth' });
  };

  /* Position slider, time and play button follow the audio. */
  function show() {
    const seek = $('seek');
    const d = audio.duration || 0, t = audio.currentTime;
    seek.max = Math.floor(d);
    seek.value = Math.floor(t);
    seek.setAttribute('aria-valuetext', spoken(t) + ' of ' + spoken(d));
    $('time').textContent = clock(t) + ' / ' + clock(d);
    if (parts.length) mark(sectionAt());
  }

  /* Position remembered per article, offered on return. */
  function save(force) {
    const now = Date.now();
    if (!force && now - lastSave < 5000) return;
    lastSave = now;
    store.set(posKey, { t: audio.currentTime, i: fileIdx });
  }
  function offerResume() {
    const pos = store.get(posKey);
    if (!pos || !(pos.t > 5 || pos.i > 0)) return;
    const i = timed ? starts.filter((s) => s <= pos.t).length - 1 : pos.i;
    $('resume-text').textContent = 'You stopped at ' + clock(pos.t) + ' in section ' + (i + 1) + ', ' + heading(Math.max(0, i)) + '. ';
    $('resume').hidden = false;
    $('resume-go').onclick = () => {
      $('resume').hidden = true;
      if (!timed) go(pos.i);
      const at = () => { audio.currentTime = pos.t; play(); };
      if (audio.readyState >= 1) at(); else audio.addEventListener('loadedmetadata', at, { once: true });
      $('play').focus();
    };
    $('resume-no').onclick = () => { $('resume').hidden = true; store.drop(posKey); $('play').focus(); };
  }

  /* Sleep timer: after some minutes, or at the end of the current section. */
  function stopSleep(message) {
    clearTimeout(sleepTimer);
    sleepAtEnd = false;
    $('sleep').value = '';
    if (message) say(message);
  }
  $('sleep').addEventListener('change', (e) => {
    const v = e.target.value;
    clearTimeout(sleepTimer);
    sleepAtEnd = v === 'end';
    if (!v) return say('Sleep timer off.');
    if (sleepAtEnd) return say('Sleep timer: stops at the end of this section.');
    sleepTimer = setTimeout(() => { audio.pause(); stopSleep('Sleep timer: paused.'); }, v * 60000);
    say('Sleep timer: stops in ' + v + ' minutes.');
  });

  /* Sentences highlighted from the transcript's cues. A cue holds the page's own sentence (the
   * server maps speech back onto the written text), so each is found, in order, in the title,
   * byline, headings and paragraphs, and wrapped in a span that knows its start time. */
  function alignCues(track) {
    const blocks = [...document.querySelectorAll('article h1, article .byline, .part > h2, .part > p:not(.section-audio)')];
    const found = blocks.map(() => []);
    let b = 0, from = 0;
    for (const cue of track.cues) {
      const text = cue.getCueAsHTML().textContent.trim();
      for (let j = b; text && j < Math.min(blocks.length, b + 3); j++) {
        const at = blocks[j].textContent.indexOf(text, j === b ? from : 0);
        if (at < 0) continue;
        found[j].push([at, at + text.length, cue]);
        b = j;
        from = at + text.length;
        break;
      }
    }
    const byCue = new Map();
    blocks.forEach((el, j) => {
      if (!found[j].length) return;
      const text = el.textContent;
      let end = 0;
      el.textContent = '';
      for (const [start, stop, cue] of found[j]) {
        const span = document.createElement('span');
        span.textContent = text.slice(start, stop);
        span.dataset.start = cue.startTime;
        span.addEventListener('click', () => { audio.currentTime = cue.startTime; play(); });
        el.append(text.slice(end, start), span);
        byCue.set(cue, span);
        end = stop;
      }
      el.append(text.slice(end));
    });
    addParagraphButtons();
    let lit = null;
    track.addEventListener('cuechange', () => {
      const span = track.activeCues.length ? byCue.get(track.activeCues[0]) : null;
      if (!span || span === lit) return;
      if (lit) lit.classList.remove('said');
      lit = span;
      span.classList.add('said');
      if (!audio.paused) reveal(span, 'nearest');
    });
  }
  function addParagraphButtons() {
    parts.forEach((s, si) => {
      s.querySelectorAll(':scope > p:not(.section-audio)').forEach((p, pi) => {
        const first = p.querySelector('span[data-start]');
        if (!first) return;
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'from-here';
        b.textContent = 'Play';
        b.setAttribute('aria-label', 'Play from paragraph ' + (pi + 1) + ' of section ' + (si + 1));
        b.addEventListener('click', () => { audio.currentTime = +first.dataset.start; play(); });
        p.prepend(b);
      });
    });
  }
  const trackEl = audio.querySelector('track');
  if (trackEl && timed) {
    trackEl.track.mode = 'hidden';
    if (trackEl.readyState === 2) alignCues(trackEl.track);
    else trackEl.addEventListener('load', () => alignCues(trackEl.track), { once: true });
  } else if (trackEl) {
    trackEl.remove(); // cues time the whole article, not the per-section files
  }

  /* Single-key shortcuts, only while focus is inside the player. */
  const keys = {
    k: toggle, n: next, p: prev, j: () => skip(-10), l: () => skip(10),
    s: () => nudgeSpeed(-1), f: () => nudgeSpeed(1),
  };
  player.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.target.matches('input[type=text], textarea')) return;
    const key = e.key.toLowerCase();
    if (keys[key]) keys[key]();
    else if (/^[1-9]$/.test(key) && +key <= parts.length) go(+key - 1, !audio.paused);
    else return;
    e.preventDefault();
  });
  const acts = { toggle, prev, next, back: () => skip(-10), fwd: () => skip(10) };
  player.querySelectorAll('[data-act]').forEach((b) => b.addEventListener('click', () => acts[b.dataset.act]()));
  const setFollow = (on) => { follow.checked = on; document.body.classList.toggle('quiet', !on); store.set('newsreader:follow', on); };
  follow.addEventListener('change', () => setFollow(follow.checked));
  $('speed').addEventListener('change', (e) => setSpeed(parseFloat(e.target.value)));
  $('seek').addEventListener('input', (e) => { audio.currentTime = +e.target.value; });

  /* Play buttons per section, instead of one native player per section. */
  parts.forEach((s, i) => {
    s.querySelector('.section-audio audio').hidden = true;
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Play this section';
    b.setAttribute('aria-label', 'Play this section: ' + heading(i));
    b.addEventListener('click', () => go(i, true));
    s.querySelector('h2').after(b);
  });

  audio.addEventListener('timeupdate', () => { show(); save(false); });
  audio.addEventListener('loadedmetadata', show);
  audio.addEventListener('play', () => { $('play').textContent = 'Pause'; show(); });
  audio.addEventListener('pause', () => { $('play').textContent = 'Play'; save(true); });
  audio.addEventListener('ended', () => {
    if (!timed && fileIdx + 1 < parts.length) return go(fileIdx + 1, true);
    store.drop(posKey);
  });
  addEventListener('pagehide', () => { if (audio.currentTime) save(true); });

  if ('mediaSession' in navigator) {
    const d = player.dataset;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: d.title, artist: d.artist, album: 'newsreader',
      artwork: [{ src: d.artwork, sizes: '192x192', type: 'image/png' }],
    });
    const handlers = {
      play, pause: () => audio.pause(), previoustrack: prev, nexttrack: next,
      seekbackward: () => skip(-10), seekforward: () => skip(10),
      seekto: (e) => { audio.currentTime = e.seekTime; },
    };
    for (const [action, fn] of Object.entries(handlers)) {
      try { navigator.mediaSession.setActionHandler(action, fn); } catch (e) { /* not supported here */ }
    }
  }

  if (!timed && parts.length) audio.src = parts[0].dataset.src;
  audio.removeAttribute('controls');
  $('controls').hidden = false;
  setSpeed(store.get('newsreader:speed') || 1, true);
  setFollow(store.get('newsreader:follow') !== false);
  offerResume();
  show();
})();
