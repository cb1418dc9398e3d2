/// The style sheet every page carries inline: system fonts, a 900-pixel column, figures
/// no wider than the page. Nothing is fetched, so pages read the same offline from disk.
enum HTMLStyle {
    static let sheet = """
        :root { --ink: #1c1e21; --muted: #5d646e; --rule: #e2e4e8; --tint: #f4f5f7; --accent: #2458b3; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff;
          font: 17px/1.6 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; }
        a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
        .bar { background: var(--tint); border-bottom: 1px solid var(--rule); font-size: 14px; }
        .bar div, main, footer { max-width: 900px; margin: 0 auto; padding-left: 24px; padding-right: 24px; }
        .bar div { display: flex; justify-content: space-between; gap: 16px; padding-top: 10px; padding-bottom: 10px; }
        .bar span { color: var(--muted); }
        main { padding-bottom: 48px; }
        .kicker { margin: 36px 0 0; color: var(--muted); font-size: 13px; letter-spacing: .08em; text-transform: uppercase; }
        h1 { margin: 4px 0 8px; font-size: 2.1rem; line-height: 1.2; }
        .run { margin: 0 0 20px; color: var(--muted); font-size: 14px; }
        .contents { margin: 0 0 8px; padding: 10px 16px; background: var(--tint); border-radius: 6px; font-size: 15px; }
        .contents ol { margin: 0; padding-left: 1.4em; }
        h2 { margin: 40px 0 12px; padding-top: 20px; border-top: 1px solid var(--rule); font-size: 1.4rem; line-height: 1.3; }
        h2 .n { padding-right: .15em; color: var(--muted); font-weight: 400; }
        p { margin: 0 0 14px; }
        .result { padding: 6px 12px; background: var(--tint); border-left: 3px solid var(--accent); }
        code { padding: .08em .3em; background: var(--tint); border-radius: 3px; font-size: .86em;
          font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        a.file { text-decoration: none; }
        a.file code { color: var(--accent); box-shadow: inset 0 -1px 0 var(--accent); }
        sub, sup { font-size: .72em; line-height: 0; }
        .table { margin: 4px 0 18px; overflow-x: auto; }
        table { border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
        th, td { padding: 4px 12px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
        th { border-bottom: 2px solid #c8ccd2; font-weight: 600; }
        .num { text-align: right; }
        figure { margin: 22px 0; }
        figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        figcaption { margin-top: 8px; color: var(--muted); font-size: 15px; }
        .files { white-space: nowrap; }
        .controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin: 10px 0 4px; font-size: 15px; }
        .controls[hidden] { display: none; }
        .controls label { font-weight: 600; }
        .controls input { flex: 1 1 240px; accent-color: var(--accent); }
        .controls output { min-width: 4.5em; font-variant-numeric: tabular-nums; }
        .controls small { flex-basis: 100%; color: var(--muted); font-size: 13px; }
        .controls button { font: inherit; font-size: 14px; }
        .rows { margin: 4px 0 0; }
        .rows table { font-size: 13px; }
        footer { padding-bottom: 40px; color: var(--muted); font-size: 14px; }
        footer p { padding-top: 16px; border-top: 1px solid var(--rule); }
        .gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 20px;
          margin: 24px 0; padding: 0; list-style: none; }
        .gallery a, .gallery .todo { display: block; height: 100%; padding: 12px; border: 1px solid var(--rule); border-radius: 8px;
          color: inherit; text-decoration: none; }
        .gallery .todo { border-style: dashed; }
        .gallery a:hover { border-color: var(--accent); }
        .gallery img { display: block; width: 100%; aspect-ratio: 4 / 3; object-fit: contain; margin-bottom: 10px; }
        .gallery .none { display: flex; align-items: center; justify-content: center; aspect-ratio: 4 / 3;
          margin-bottom: 10px; background: var(--tint); color: var(--muted); }
        .gallery strong { display: block; font-size: 17px; line-height: 1.35; }
        .gallery small { display: block; margin-top: 4px; color: var(--muted); font-size: 13px; }
        """
}
