/// The one script a page with sliders carries, inline: it shows the frame and rows a lesson
/// wrote for the controls' setting, and computes nothing. `#name=k` (several joined by `&`)
/// opens the page at stop k of sweep `name`; moving a control writes the address back, so
/// a setting can be bookmarked. Pages without a sweep carry no script at all.
enum PageSweepScript {
    static let source = """
        (function () {
          var sweeps = document.querySelectorAll('figure.sweep');
          var moved = {};
          function inputs(figure) { return figure.querySelectorAll('.controls input'); }
          function show(figure, stop, still) {
            var at = stop.getAttribute('data-at').split(' ');
            inputs(figure).forEach(function (input, c) {
              var text = JSON.parse(input.getAttribute('data-choices'))[+at[c]];
              input.value = at[c];
              input.setAttribute('aria-valuetext', input.getAttribute('data-label') + ' = ' + text);
              figure.querySelector('output[for="' + input.id + '"]').textContent = text;
            });
            figure.querySelectorAll('tbody[data-stop]').forEach(function (body) { body.hidden = body !== stop; });
            if (still) {
              var frame = stop.getAttribute('data-frame');
              figure.querySelector('img').setAttribute('src', frame);
              figure.querySelector('a').setAttribute('href', frame);
              figure.setAttribute('data-shown', stop.getAttribute('data-stop'));
            }
          }
          function stopAt(figure, k) { return figure.querySelector('tbody[data-stop="' + k + '"]'); }
          function fromAddress() {
            var first = null;
            location.hash.slice(1).split('&').forEach(function (pair) {
              var parts = pair.split('=');
              var figure = document.getElementById('sweep-' + decodeURIComponent(parts[0]));
              var stop = figure && /^[0-9]+$/.test(parts[1]) && stopAt(figure, parts[1]);
              if (stop) { moved[figure.getAttribute('data-sweep')] = parts[1]; show(figure, stop, true); first = first || figure; }
            });
            if (first) { first.scrollIntoView(); }
          }
          sweeps.forEach(function (figure) {
            figure.querySelector('.controls').hidden = false;
            var animated = figure.hasAttribute('data-animation');
            var start = figure.querySelector('tbody[data-stop]:not([hidden])');
            if (start) { show(figure, start, !animated); }
            inputs(figure).forEach(function (input) {
              input.addEventListener('input', function () {
                var at = Array.prototype.map.call(inputs(figure), function (i) { return i.value; }).join(' ');
                var stop = figure.querySelector('tbody[data-at="' + at + '"]');
                if (!stop) { return; }
                show(figure, stop, true);
                moved[figure.getAttribute('data-sweep')] = stop.getAttribute('data-stop');
                var address = Object.keys(moved).map(function (name) { return name + '=' + moved[name]; }).join('&');
                try { history.replaceState(null, '', '#' + address); } catch (e) { /* some browsers refuse on file:// */ }
              });
            });
            var play = figure.querySelector('button.play');
            if (play) {
              play.addEventListener('click', function () {
                var animation = figure.getAttribute('data-animation');
                figure.querySelector('img').setAttribute('src', animation);
                figure.querySelector('a').setAttribute('href', animation);
                figure.removeAttribute('data-shown');
              });
            }
          });
          fromAddress();
          window.addEventListener('hashchange', fromAddress);
        })();
        """
}
