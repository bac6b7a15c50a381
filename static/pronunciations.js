// Preview buttons play the entry here instead of opening its MP3 (the form's no-script way).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const audio = document.getElementById("preview-audio");
  if (!form.classList.contains("preview") || !audio) return;
  event.preventDefault();
  audio.hidden = false;
  audio.src = form.action;
  audio.play().catch(() => {}); // a refused autoplay leaves the visible controls to start it
});
