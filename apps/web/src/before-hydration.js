// Runs on a page rendered ahead (tools/prerender.mjs adds it, named by its content), from the moment it is parsed
// until the app has taken the page over. A form's own submit would reload the page and lose what was typed: hold
// it, and main.ts sends it again once the page is live. Plain script: it must not wait for the app's code.
(function () {
  const state = (window.kzBeforeHydration = { live: false, heldSubmit: null });
  document.addEventListener(
    'submit',
    function (event) {
      if (state.live) return;
      event.preventDefault();
      state.heldSubmit = event.target;
    },
    true,
  );
})();
