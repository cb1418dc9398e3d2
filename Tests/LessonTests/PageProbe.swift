import Foundation

/// What a reader sees on a lesson's page in the browser, read by a script the test adds to a
/// copy of the page (beside it, so every relative address resolves as on the page): per
/// sweep, the image shown, whether it loaded, the controls and the rows in view; every
/// address the page points to and loaded; and how the equations are laid out.
struct PageProbe: Decodable {
    struct Sweep: Decodable {
        let shown: String?
        let src: String
        let loaded: Bool
        let controlsHidden: Bool
        /// Whether the controls take up room on the page (not `display: none`).
        let controlsDisplayed: Bool
        let labels: [String]
        let outputs: [String]
        let valueTexts: [String]
        /// The rows in view as the CSV has them (a cell's `title`, where the page rounds it).
        let rows: [[String]]
        /// The rows as a reader sees them.
        let shownRows: [[String]]
    }

    struct Math: Decodable {
        let display: String
        let height: Double
        let text: String
    }

    let sweeps: [String: Sweep]
    /// Addresses of `src`/`href` attributes and loaded resources outside the output folder.
    let outside: [String]
    /// How many addresses were checked.
    let addresses: Int
    let math: [Math]
    /// In the first `msub`, whether the script sits lower than its base, as a laid-out subscript does.
    let subscriptLowered: Bool?
    /// In the first `msqrt`, whether the radical stands taller than what it covers (it draws the sign and bar).
    let radicalTaller: Bool?

    /// Opens `page` (with `fragment`, e.g. `forward_animation=3`) in `browser`; `move` sets
    /// control `control` of sweep `sweep` to position `position` as a reader's key press does,
    /// by setting its value and sending the `input` event.
    /// `root` is the output folder, by default the one that holds the page's folder.
    static func open(_ page: URL, fragment: String = "", move: (sweep: String, control: Int, position: Int)? = nil,
                     root: URL? = nil, pageScript: Bool = true, in browser: Browser) throws -> PageProbe {
        var root = (root ?? page.deletingLastPathComponent().deletingLastPathComponent()).absoluteString
        if !root.hasSuffix("/") { root += "/" }
        let copy = page.deletingLastPathComponent().appendingPathComponent("_probe_\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: copy) }
        var html = try String(contentsOf: page, encoding: .utf8)
        if !pageScript {
            // The page as a browser without JavaScript shows it: its own script left out.
            html = html.replacingOccurrences(of: "(?s)<script>.*?</script>", with: "", options: .regularExpression)
        }
        let moveScript = move.map { "move('\($0.sweep)', \($0.control), \($0.position));" } ?? ""
        try html.replacingOccurrences(of: "</body>", with: "<script>\(script)\n\(moveScript)\nfinish('\(root)');</script>\n</body>")
            .write(to: copy, atomically: true, encoding: .utf8)
        let dom = try browser.dom(copy.absoluteString + (fragment.isEmpty ? "" : "#" + fragment))
        guard let start = dom.range(of: "<pre id=\"probe\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            throw ProbeError(message: "the probe wrote nothing: the page's script or the probe failed")
        }
        let json = dom[start.upperBound..<end.lowerBound]
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(PageProbe.self, from: Data(json.utf8))
    }

    struct ProbeError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// `move` and `finish` (which waits for the images, then writes the report into `<pre id="probe">`).
    static let script = """
        function move(name, control, position) {
          var input = document.getElementById('sweep-' + name).querySelectorAll('.controls input')[control];
          input.value = position;
          input.dispatchEvent(new Event('input'));
        }
        function finish(root) {
          var tries = 0;
          function ready() { return Array.prototype.every.call(document.images, function (i) { return i.complete; }); }
          function report() {
            if (!ready() && tries++ < 100) { setTimeout(report, 20); return; }
            var list = function (nodes, f) { return Array.prototype.map.call(nodes, f); };
            var out = { sweeps: {}, outside: [], addresses: 0, math: [] };
            document.querySelectorAll('figure.sweep').forEach(function (f) {
              var img = f.querySelector('img');
              var inputs = f.querySelectorAll('.controls input');
              out.sweeps[f.getAttribute('data-sweep')] = {
                shown: f.getAttribute('data-shown'), src: img.getAttribute('src'),
                loaded: img.complete && img.naturalWidth > 0, controlsHidden: f.querySelector('.controls').hidden,
                controlsDisplayed: f.querySelector('.controls').getClientRects().length > 0,
                labels: list(inputs, function (i) { return i.labels.length ? i.labels[0].textContent : ''; }),
                outputs: list(f.querySelectorAll('.controls output'), function (o) { return o.textContent; }),
                valueTexts: list(inputs, function (i) { return i.getAttribute('aria-valuetext') || ''; }),
                rows: list(f.querySelectorAll('tbody[data-stop]:not([hidden]) tr'), function (tr) {
                  return list(tr.cells, function (td) { return td.getAttribute('title') || td.textContent; });
                }),
                shownRows: list(f.querySelectorAll('tbody[data-stop]:not([hidden]) tr'), function (tr) {
                  return list(tr.cells, function (td) { return td.textContent; });
                })
              };
            });
            var addresses = list(document.querySelectorAll('[src], [href]'), function (e) { return e.src || e.href; })
              .concat(list(performance.getEntriesByType('resource'), function (r) { return r.name; }));
            out.addresses = addresses.length;
            out.outside = addresses.filter(function (a) { return a.indexOf(root) !== 0 || root.indexOf('file:///') !== 0; });
            document.querySelectorAll('math').forEach(function (m) {
              out.math.push({ display: getComputedStyle(m).display, height: m.getBoundingClientRect().height, text: m.textContent });
            });
            var sub = document.querySelector('msub'), root2 = document.querySelector('msqrt');
            var rect = function (e) { return e.getBoundingClientRect(); };
            out.subscriptLowered = sub ? rect(sub.children[1]).bottom > rect(sub.children[0]).bottom + 1 : null;
            out.radicalTaller = root2 ? rect(root2).height > rect(root2.children[0]).height + 1 : null;
            var pre = document.createElement('pre');
            pre.id = 'probe';
            pre.textContent = JSON.stringify(out);
            document.body.appendChild(pre);
          }
          window.addEventListener('load', report);
        }
        """
}
