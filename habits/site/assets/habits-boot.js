/* habits: runs before plotly.min.js. Material's instant navigation drops <head> children the
   next page lacks, plotly's global style element among them, and charts then lose their
   layout. Plotly reuses an element with that id wherever it is, so keep one in <body>. */
(function () {
  "use strict";
  if (!document.getElementById("plotly.js-style-global")) {
    var style = document.createElement("style");
    style.id = "plotly.js-style-global";
    document.body.appendChild(style);
  }
})();
