/* Draws Vega-Lite specs with vega-embed (vendored), numbers in the page's language. */
(function () {
  const LOCALES = {
    id: {decimal: ",", thousands: ".", grouping: [3], currency: ["Rp", ""]},
    en: {decimal: ".", thousands: ",", grouping: [3], currency: ["Rp", ""]},
  };

  // Renders `spec` into `element`; a click on a mark whose datum has a region code
  // (properties.kode or kode) calls onRegionClick(code). SVG keeps one element per
  // mark: readable by screen readers and by browser tests.
  // Month and day names for time axes (Vega's default is English).
  const TIME_LOCALES = {
    id: {
      dateTime: "%A, %e %B %Y %X", date: "%d/%m/%Y", time: "%H.%M.%S", periods: ["AM", "PM"],
      days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
      shortDays: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
      months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"],
      shortMonths: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
                    "Nov", "Des"],
    },
  };

  // Vega must evaluate expressions with vega-interpreter: the content security policy
  // forbids the Function() it would otherwise use. vega-csp.js (an ES module, so it runs
  // after this page's inline scripts) hands the interpreter over; charts wait for it.
  let useInterpreter;
  const interpreter = new Promise(function (resolve) { useInterpreter = resolve; });
  window.ucjUseVegaInterpreter = function (expr) { useInterpreter(expr); };

  window.ucjChart = function (element, spec, options) {
    options = options || {};
    const lang = document.documentElement.lang === "en" ? "en" : "id";
    return interpreter.then(function (expr) {
      return vegaEmbed(element, spec, {
        renderer: "svg",
        ast: true,
        expr: expr,
        formatLocale: LOCALES[lang],
        timeFormatLocale: TIME_LOCALES[lang],
        actions: {export: true, source: false, compiled: false, editor: false},
      });
    }).then(function (result) {
      if (options.onRegionClick) {
        result.view.addEventListener("click", function (event, item) {
          const datum = item && item.datum;
          const code = datum && ((datum.properties && datum.properties.kode) || datum.kode);
          if (code) { options.onRegionClick(code); }
        });
      }
      element.dataset.ready = "true";
      return result;
    }).catch(function (error) {
      element.textContent = (options.errorText || "") + " " + error;
      throw error;
    });
  };
})();
