/* newsreader's player: plain JavaScript, no framework, no request beyond this site.
 *
 * Why it is built this way:
 * - Everything it needs comes from data-* attributes the template fills (a strict
 *   Content-Security-Policy allows no inline script), its words too (data-strings, in the
 *   article's language), and the page works without it (native <audio controls>, MP3 links);
 *   this file only upgrades that page.
 * - It plays the whole-article MP3 and moves between sections by their start offsets
 *   (data-start). Until every section has one, it plays one MP3 per section instead.
 * - It never talks over the audio: the live region names a section only when the audio is
 *   not about to say it (the "announce" setting: off, while paused (default), always).
 * - Single-key shortcuts act only while focus is in the player and never in a menu or text
 *   field (WCAG 2.1.4); they can be remapped, and a modifier (Alt+Shift by default) makes them
 *   work anywhere on the page. Highlight and scroll have their own switches (WCAG 2.2.2), and
 *   the page never scrolls away from a control that has the keyboard focus.
 * - "Previous" goes back a section within 2 seconds of its start counted in real time, as
 *   Firefox Narrate does, so it feels the same at 3x as at 1x.
 * - An article played to the end is marked listened on the server (a form post with the
 *   page's CSRF token), then the next queued article opens and plays (data-next, the
 *   "autonext" setting, on by default); a browser that refuses to start it is told to press Play.
 */
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const player = $('player');
  const audio = $('audio');
  if (!player || !audio) return;
  const words = JSON.parse(player.dataset.strings || '{}');
  const t = (key, vars = {}) => (words[key] || key).replace(/\{(\w+)\}/g, (_, k) => vars[k]);
  const uiLang = player.closest('[lang]').lang;
  const parts = [...document.querySelectorAll('section.part')];
  const links = parts.map((s) => document.querySelector('#toc a[href="#' + s.id + '"]'));
  const heading = (i) => (i < 0 ? player.dataset.title : parts[i].querySelector('.part-heading').textContent);
  const timed = parts.length > 0 && parts.every((s) => s.dataset.start);
  const starts = parts.map((s) => (timed ? parseFloat(s.dataset.start) : 0));
  const hasTitle = timed && starts[0] > 0.5; // the whole-article audio reads title and byline first
  const reduced = matchMedia('(prefers-reduced-motion: reduce)');
  const posKey = 'newsreader:position:' + player.dataset.article;
  let fileIdx = 0; // the section playing, when each section has its own file
  let current = null; // the section marked as playing (-1: the title)
  let sleepAtEnd = false;
  let sleepTimer = 0;
  let lastSave = 0;
  let resumeAt = null; // the position offered on return, until taken or refused
  const params = new URLSearchParams(location.search);
  const queued = params.get('autoplay') === 'queue'; // opened by the queue when the last article ended

  const store = {
    get(k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set(k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode */ } },
    drop(k) { try { localStorage.removeItem(k); } catch (e) { /* private mode */ } },
  };
  const prefs = Object.assign({
    announce: 'paused', highlight: store.get('newsreader:follow') !== false,
    scroll: store.get('newsreader:follow') !== false, paragraphButtons: false,
    modifier: 'alt+shift', keys: {}, volume: 1, muted: false, autonext: true,
  }, store.get('newsreader:prefs') || {});
  const savePrefs = () => store.set('newsreader:prefs', prefs);

  const clock = (s) => {
    s = Math.max(0, Math.floor(s || 0));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  };
  const spoken = (s) => {
    s = Math.floor(s || 0);
    const m = Math.floor(s / 60), r = s % 60;
    const secs = r === 1 ? t('second') : t('seconds', { n: r });
    return m ? (m === 1 ? t('minute') : t('minutes', { n: m })) + ' ' + secs : secs;
  };
  const say = (text) => { $('status').textContent = text; };
  // AbortError: a pause or a new source interrupted the request, which is no failure to report
  const play = () => {
    audio.play().catch((e) => {
      if (e.name === 'NotAllowedError' && queued) say(t('autoplay_blocked'));
      else if (e.name !== 'AbortError') say(t('no_start'));
    });
  };

  /* Where we are: the section index (-1 in the title), and seconds since it began. */
  const sectionAt = () => {
    if (!timed) return fileIdx;
    if (hasTitle && audio.currentTime + 0.05 < starts[0]) return -1;
    let i = 0;
    while (i + 1 < parts.length && starts[i + 1] <= audio.currentTime + 0.05) i++;
    return i;
  };
  const intoSection = () => {
    const i = sectionAt();
    return audio.currentTime - (timed && i >= 0 ? starts[i] : 0);
  };

  /* Real seconds heard since the current section began: the clock runs only while the audio
   * plays, restarts when a section begins, and after a seek counts what that stretch takes
   * at the present speed. */
  let heard = 0, since = 0;
  const heardInSection = () => heard + (since ? (performance.now() - since) / 1000 : 0);
  const restartClock = () => {
    heard = Math.max(0, intoSection()) / (audio.playbackRate || 1);
    since = audio.paused ? 0 : performance.now();
  };
  const stopClock = () => { heard = heardInSection(); since = 0; };

  function go(i, andPlay) {
    i = Math.max(0, Math.min(parts.length - 1, i));
    const willPlay = andPlay || !audio.paused;
    if (timed) {
      audio.currentTime = starts[i];
    } else if (i !== fileIdx || audio.currentSrc !== parts[i].dataset.src) {
      fileIdx = i;
      audio.src = parts[i].dataset.src;
    } else {
      audio.currentTime = 0;
    }
    heard = 0;
    since = audio.paused ? 0 : performance.now();
    show(willPlay, true);
    if (andPlay) play();
  }
  const toTitle = () => {
    audio.currentTime = 0;
    heard = 0;
    show(!audio.paused, true);
    say(t('title_start'));
  };

  /* Firefox Narrate's rule, in real time: within 2 s of a section's start, go to the one
   * before (from the first section, to the title); later, back to this one's start. */
  const prev = () => {
    const i = sectionAt();
    if (heardInSection() >= 2) {
      if (i < 0) return toTitle();
      go(i, !audio.paused);
      return say(t('restart', { n: i + 1 }));
    }
    if (i > 0) return go(i - 1, !audio.paused);
    if (hasTitle) return toTitle();
    go(0, !audio.paused);
    say(t('restart', { n: 1 }));
  };
  const next = () => {
    const i = sectionAt();
    if (i + 1 < parts.length) go(i + 1, !audio.paused);
    else say(t('last'));
  };
  const skip = (d) => {
    audio.currentTime = Math.max(0, Math.min(audio.duration || 0, audio.currentTime + d));
  };
  const toggle = () => {
    if (!audio.paused) return audio.pause();
    if (resumeAt) return resume();
    play();
  };

  const speeds = [...$('speed').options].map((o) => parseFloat(o.value));
  function setSpeed(v, quiet) {
    v = Math.max(speeds[0], Math.min(speeds[speeds.length - 1], v));
    stopClock();
    audio.defaultPlaybackRate = audio.playbackRate = v;
    if (!audio.paused) since = performance.now();
    $('speed').value = String(v);
    store.set('newsreader:speed', v);
    if (!quiet) say(t('speed_now', { v: v.toLocaleString(uiLang) }));
  }
  const nudgeSpeed = (d) => setSpeed(speeds[Math.max(0, speeds.indexOf(audio.playbackRate) + d)] || audio.playbackRate);

  /* The current section: nav link marked, section highlighted, and said when the audio will
   * not say it: while paused (its heading), or in "always" mode while playing (its number). */
  function mark(i, willPlay, jumped) {
    if (i === current) return;
    const first = current === null;
    if (current !== null && current >= 0) {
      parts[current].classList.remove('now');
      links[current].removeAttribute('aria-current');
    }
    current = i;
    if (!first) restartClock();
    if (i < 0) return;
    parts[i].classList.add('now');
    links[i].setAttribute('aria-current', 'true');
    if (first && !willPlay) return;
    announce(i, willPlay);
    if (sleepAtEnd && !first && !jumped) { audio.pause(); stopSleep(t('sleep_paused_end')); }
    if (willPlay) reveal(parts[i], 'start');
  }
  function announce(i, willPlay) {
    if (prefs.announce === 'off') return;
    if (!willPlay) say(t('section_named', { n: i + 1, m: parts.length, heading: heading(i) }));
    else if (prefs.announce === 'always') say(t('section', { n: i + 1, m: parts.length }));
  }
  /* Scroll to what is read, unless the listener has the keyboard focus on a control: in the
   * player, or anywhere else with a visible focus ring (it must stay where they left it). */
  const focusHeld = () => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    return player.contains(el) || (el.matches(':focus-visible') && el.matches('a, button, input, select, summary'));
  };
  const reveal = (el, block) => {
    if (prefs.scroll && !focusHeld()) el.scrollIntoView({ block, behavior: reduced.matches ? 'instant' : 'smooth' });
  };

  /* Position slider, time and play button follow the audio. */
  function show(willPlay = !audio.paused, jumped = false) {
    const seek = $('seek');
    const d = audio.duration || 0, time = audio.currentTime;
    seek.max = Math.floor(d);
    seek.value = Math.floor(time);
    seek.setAttribute('aria-valuetext', t('of', { a: spoken(time), b: spoken(d) }));
    $('time').textContent = clock(time) + ' / ' + clock(d);
    if (parts.length) mark(sectionAt(), willPlay, jumped);
  }

  /* Position remembered per article, offered (and said) on return; Play takes the offer. */
  function save(force) {
    const now = Date.now();
    if (!force && now - lastSave < 5000) return;
    lastSave = now;
    store.set(posKey, { t: audio.currentTime, i: fileIdx });
  }
  function offerResume() {
    const pos = store.get(posKey);
    if (!pos || !(pos.t > 5 || pos.i > 0)) return;
    resumeAt = pos;
    const i = timed ? Math.max(0, starts.filter((s) => s <= pos.t).length - 1) : pos.i;
    const offer = t('resume_offer', { time: clock(pos.t), n: i + 1, heading: heading(i) });
    $('resume-text').textContent = offer + ' ';
    $('resume').hidden = false;
    say(offer + ' ' + t('resume_hint'));
    $('resume-go').onclick = () => { resume(); $('play').focus(); };
    $('resume-no').onclick = () => { dropOffer(); store.drop(posKey); $('play').focus(); };
  }
  const dropOffer = () => { resumeAt = null; $('resume').hidden = true; };
  function resume() {
    const pos = resumeAt;
    dropOffer();
    if (!timed) go(pos.i);
    const at = () => { audio.currentTime = pos.t; play(); };
    if (audio.readyState >= 1) at(); else audio.addEventListener('loadedmetadata', at, { once: true });
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
    if (!v) return say(t('sleep_off'));
    if (sleepAtEnd) return say(t('sleep_end'));
    sleepTimer = setTimeout(() => { audio.pause(); stopSleep(t('sleep_paused')); }, v * 60000);
    say(t('sleep_in', { n: v }));
  });

  /* Sentences highlighted from the transcript's cues. A cue holds the page's own sentence (the
   * server maps speech back onto the written text), so each is found, in order, in the title,
   * byline, headings and paragraphs, and wrapped in a span that knows its start time. */
  function alignCues(track) {
    const blocks = [...document.querySelectorAll('article h1, article .byline, .part > .part-heading, .part > p:not(.section-audio)')];
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
    paragraphButtons(prefs.paragraphButtons);
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
  /* A play button before each paragraph: a setting (off by default, they double the Tab
   * stops); without them a paragraph's sentences still play on a click. */
  function paragraphButtons(on) {
    document.querySelectorAll('button.from-here').forEach((b) => b.remove());
    if (!on) return;
    parts.forEach((s, si) => {
      s.querySelectorAll(':scope > p:not(.section-audio)').forEach((p, pi) => {
        const first = p.querySelector('span[data-start]');
        if (!first) return;
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'from-here';
        b.textContent = t('play_paragraph');
        b.setAttribute('aria-label', t('play_paragraph_named', { p: pi + 1, s: si + 1 }));
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

  /* Keyboard shortcuts: remappable single keys while focus is in the player, the same keys
   * with the chosen modifier anywhere on the page; never while a menu or text field has the
   * focus (typing "3" in the Speed menu picks 3x there and moves nothing). */
  const actions = {
    toggle, next, prev, back: () => skip(-10), fwd: () => skip(10),
    slower: () => nudgeSpeed(-1), faster: () => nudgeSpeed(1),
  };
  const keyInputs = [...document.querySelectorAll('.keys input[data-act]')];
  const keyOf = (act) => prefs.keys[act] || keyInputs.find((k) => k.dataset.act === act).dataset.default;
  const typesKeys = (el) => el.matches('select, textarea, [contenteditable]:not([contenteditable=false]), '
    + 'input:not([type=checkbox]):not([type=radio]):not([type=range]):not([type=button])');
  const withModifier = (e) => (prefs.modifier === 'alt+shift' ? e.altKey && e.shiftKey && !e.ctrlKey
    : prefs.modifier === 'ctrl+alt' && e.ctrlKey && e.altKey && !e.shiftKey) && !e.metaKey;
  // With a modifier, e.key is whatever the layout makes of it (Alt+Shift+K is "K", on a Mac
  // option+k is "˚"): the physical key names the letter instead.
  const codeKey = (code) => (/^(Key[A-Z]|Digit[0-9])$/.test(code) ? code.slice(-1).toLowerCase() : '');
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || typesKeys(e.target)) return;
    let key;
    if (prefs.modifier && withModifier(e)) key = codeKey(e.code);
    else if (player.contains(e.target) && !e.ctrlKey && !e.altKey && !e.metaKey) key = e.key.toLowerCase();
    else return;
    const act = Object.keys(actions).find((a) => keyOf(a) === key);
    if (act) actions[act]();
    else if (/^[1-9]$/.test(key) && +key <= parts.length) go(+key - 1, !audio.paused);
    else return;
    e.preventDefault();
  });
  const describeKeys = () => {
    const mod = { 'alt+shift': 'Alt+Shift+', 'ctrl+alt': 'Control+Alt+' }[prefs.modifier];
    player.querySelectorAll('button[data-act]').forEach((b) => {
      const k = keyOf(b.dataset.act);
      b.setAttribute('aria-keyshortcuts', mod ? k + ' ' + mod + k.toUpperCase() : k);
    });
  };
  keyInputs.forEach((input) => {
    input.value = keyOf(input.dataset.act);
    input.addEventListener('change', () => {
      const act = input.dataset.act, key = input.value.trim().toLowerCase();
      const taken = Object.keys(actions).find((a) => a !== act && keyOf(a) === key);
      if (!/^[a-z]$/.test(key) || taken) {
        input.value = keyOf(act);
        return say(taken ? t('key_taken', { key, action: t(taken) }) : t('key_bad'));
      }
      prefs.keys[act] = key;
      savePrefs();
      describeKeys();
    });
  });
  $('modifier').value = prefs.modifier;
  $('modifier').addEventListener('change', (e) => { prefs.modifier = e.target.value; savePrefs(); describeKeys(); });

  player.querySelectorAll('button[data-act]').forEach((b) => b.addEventListener('click', () => actions[b.dataset.act]()));

  /* Settings: each remembered; highlight and scroll apart. */
  const switches = {
    highlight: (on) => document.body.classList.toggle('no-highlight', !on),
    scroll: () => {},
    paragraphButtons: (on) => { if (document.querySelector('span[data-start]')) paragraphButtons(on); },
    autonext: () => {},
  };
  for (const [name, apply] of Object.entries(switches)) {
    const box = $(name === 'paragraphButtons' ? 'paragraph-buttons' : name);
    box.checked = prefs[name];
    apply(prefs[name]);
    box.addEventListener('change', () => { prefs[name] = box.checked; savePrefs(); apply(box.checked); });
  }
  $('announce').value = prefs.announce;
  $('announce').addEventListener('change', (e) => { prefs.announce = e.target.value; savePrefs(); });
  $('speed').addEventListener('change', (e) => setSpeed(parseFloat(e.target.value)));
  $('seek').addEventListener('input', (e) => { audio.currentTime = +e.target.value; });

  /* Volume and mute, to balance the audio against a screen reader's voice. */
  const volume = $('volume'), mute = $('mute');
  const setVolume = () => {
    audio.volume = prefs.volume;
    audio.muted = prefs.muted;
    volume.value = String(Math.round(prefs.volume * 100));
    volume.setAttribute('aria-valuetext', volume.value + ' %');
    mute.checked = prefs.muted;
  };
  volume.addEventListener('input', () => { prefs.volume = +volume.value / 100; savePrefs(); setVolume(); });
  volume.addEventListener('change', () => say(t('volume_now', { v: volume.value })));
  mute.addEventListener('change', () => {
    prefs.muted = mute.checked;
    savePrefs();
    setVolume();
    say(t(mute.checked ? 'muted' : 'unmuted'));
  });

  /* A play button per section in the Sections list (Able Player's chapters), instead of one
   * native player in each section: none stands between a heading and its text. */
  parts.forEach((s, i) => {
    s.querySelector('.section-audio').hidden = true;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'play-section';
    b.textContent = t('play_section');
    b.setAttribute('aria-label', t('play_section_named', { heading: heading(i) }));
    b.addEventListener('click', () => go(i, true));
    links[i].after(' ', b);
  });

  audio.addEventListener('timeupdate', () => { show(); save(false); });
  audio.addEventListener('loadedmetadata', () => show());
  audio.addEventListener('playing', () => { since = performance.now(); });
  audio.addEventListener('waiting', stopClock);
  audio.addEventListener('seeked', restartClock);
  audio.addEventListener('play', () => { $('play').textContent = t('pause'); dropOffer(); show(); });
  audio.addEventListener('pause', () => { $('play').textContent = t('play'); stopClock(); save(true); });
  audio.addEventListener('ended', () => {
    if (!timed && fileIdx + 1 < parts.length) return go(fileIdx + 1, true);
    store.drop(posKey);
    markListened().finally(playNextArticle);
  });
  addEventListener('pagehide', () => { if (audio.currentTime) save(true); });

  /* The end of the article: marked listened, then on to the next one in the queue. */
  function markListened() {
    const d = player.dataset;
    if (!d.listened) return Promise.resolve(); // this visitor may not change the queue
    const body = new URLSearchParams({ csrf_token: d.csrf, back: 'article' });
    return fetch(d.listened, { method: 'POST', body, credentials: 'same-origin', redirect: 'manual', keepalive: true })
      .then(() => say(t('listened_marked')), () => {});
  }
  function playNextArticle() {
    const d = player.dataset;
    if (!d.next || !prefs.autonext) return;
    say(t('next_article', { title: d.nextTitle }));
    const url = new URL(d.next);
    url.searchParams.set('autoplay', 'queue');
    location.assign(url.href);
  }

  if ('mediaSession' in navigator) {
    const d = player.dataset;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: d.title, artist: d.artist, album: 'newsreader',
      artwork: [{ src: d.artwork, sizes: '192x192', type: 'image/png' }],
    });
    const handlers = {
      play: toggle, pause: () => audio.pause(), previoustrack: prev, nexttrack: next,
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
  setVolume();
  describeKeys();
  offerResume();
  show();
  if (queued) {
    history.replaceState(null, '', location.pathname + location.hash); // a reload does not jump on
    toggle(); // from where it was left, if it was
  }
})();
