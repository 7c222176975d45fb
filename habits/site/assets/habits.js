/* habits: draw every chart on the page from its data-figure attribute, in the page's palette.

   - Instant navigation (Material) swaps the content without reloading: draw again on each
     `document$` emission. Under file:// `document$` never emits, so draw at once as well; a
     drawn chart is remembered and never drawn twice.
   - When every chart of a page is drawn, <body data-habits-drawn> holds the page's path.
   - Figures carry no theme colours: text, axes and grid come from Material's CSS variables,
     and the charts are re-coloured when the light/dark switch changes the scheme. A trace whose
     colours depend on the palette (the heatmap's levels) carries both scales in
     `meta.colorscales`: the light one or the dark one is picked by the page's background. */
(function () {
  "use strict";

  function palette() {
    var css = getComputedStyle(document.body);
    function get(name, fallback) {
      var value = css.getPropertyValue(name).trim();
      return value || fallback;
    }
    return {
      fg: get("--md-default-fg-color", "#222"),
      light: get("--md-default-fg-color--light", "#555"),
      grid: get("--md-default-fg-color--lightest", "#ddd"),
    };
  }

  // Dark when the page's background is: the scheme's name is the site's to choose.
  function isDark() {
    var bg = getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g);
    if (!bg) return false;
    var luminance = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2];
    return luminance < 128;
  }

  // The palette's colour scale for each trace that has one of each: trace index -> scale.
  function scales(data) {
    var dark = isDark();
    var found = {};
    (data || []).forEach(function (trace, index) {
      var both = trace.meta && trace.meta.colorscales;
      if (both) found[index] = dark ? both.dark : both.light;
    });
    return found;
  }

  function isAxis(key) {
    return /^[xy]axis\d*$/.test(key);
  }

  // The colours as Plotly.relayout updates ("xaxis.gridcolor": ...), for every axis present.
  function colours(layout) {
    var p = palette();
    var update = {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      "font.color": p.fg,
      "legend.font.color": p.fg,
    };
    Object.keys(layout).forEach(function (key) {
      if (!isAxis(key)) return;
      update[key + ".color"] = p.light;
      update[key + ".gridcolor"] = p.grid;
      update[key + ".linecolor"] = p.grid;
      update[key + ".zerolinecolor"] = p.grid;
    });
    return update;
  }

  function themed(layout) {
    var update = colours(layout);
    Object.keys(update).forEach(function (path) {
      var parts = path.split(".");
      var node = layout;
      for (var i = 0; i < parts.length - 1; i++) {
        node[parts[i]] = node[parts[i]] || {};
        node = node[parts[i]];
      }
      node[parts[parts.length - 1]] = update[path];
    });
    layout.autosize = true;
    return layout;
  }

  // Material wraps tables in a scrolling element of its own: a wide board then scrolls inside
  // it, so that is the region a keyboard must be able to reach (WCAG 2.1.1), not ours.
  function focusableScrolls() {
    var wraps = document.querySelectorAll(".habits-scroll .md-typeset__scrollwrap");
    Array.prototype.forEach.call(wraps, function (wrap) {
      var region = wrap.closest(".habits-scroll");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", region.getAttribute("aria-label"));
      region.removeAttribute("tabindex");
      region.removeAttribute("role");
      region.removeAttribute("aria-label");
    });
  }

  // Material scrolls a page reached by instant navigation to the offset it keeps in the
  // history entry, and a scroll while that page loads (a slow network, a phone's flick) fills
  // the new entry with the old page's offset: the anchor clicked is then never shown. So the
  // link last clicked to an anchor on another page is remembered, and shown once it is here.
  // Only a click: back and forward keep the offset Material restores.
  var anchored = null; // that link's address
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[href*='#']") : null;
    anchored = link && link.pathname !== location.pathname ? link.href : null;
  }, true);

  function showAnchor() {
    if (anchored === null || anchored !== location.href) return;
    anchored = null;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }

  var plotted = new WeakMap(); // chart -> the promise of its drawing

  function draw() {
    focusableScrolls();
    showAnchor();
    if (!window.Plotly) return;
    var nodes = document.querySelectorAll(".habits-chart[data-figure]");
    var pending = Array.prototype.map.call(nodes, function (node) {
      if (!plotted.has(node)) {
        var figure = JSON.parse(node.getAttribute("data-figure"));
        var chosen = scales(figure.data);
        Object.keys(chosen).forEach(function (index) {
          figure.data[index].colorscale = chosen[index];
        });
        plotted.set(
          node,
          window.Plotly.newPlot(node, figure.data, themed(figure.layout), {
            displayModeBar: false,
            responsive: true,
          })
        );
      }
      return plotted.get(node);
    });
    // The page's own "ready" for whoever waits on it (the browser tests): the path of the page
    // once every chart on it is drawn. Instant navigation keeps <body>, so it names the page.
    var path = location.pathname;
    Promise.all(pending).then(function () {
      if (location.pathname === path) document.body.setAttribute("data-habits-drawn", path);
    });
  }

  function recolour() {
    if (!window.Plotly) return;
    var nodes = document.querySelectorAll(".habits-chart.js-plotly-plot");
    Array.prototype.forEach.call(nodes, function (node) {
      window.Plotly.relayout(node, colours(node.layout || {}));
      var chosen = scales(node.data);
      var indices = Object.keys(chosen).map(Number);
      if (indices.length) {
        var update = indices.map(function (index) { return chosen[index]; });
        window.Plotly.restyle(node, { colorscale: update }, indices);
      }
    });
  }

  draw();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(draw);
  } else {
    document.addEventListener("DOMContentLoaded", draw);
  }
  new MutationObserver(recolour).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });
})();
