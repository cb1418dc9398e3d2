/// The workbook's plain-text math as HTML: `x_t`, `ᾱ_{t−1}` and `β_1` get subscripts,
/// `σ^2`, `10^-4` and `x^{(i)}` superscripts; everything else is escaped as it is.
///
/// Only a one-letter base takes a subscript, so identifiers such as `alpha_bar` or
/// `t_over_T` keep their underscores; a script without braces is one letter or a run of
/// digits, and must end the word (`x_ta` is left alone).
enum HTMLMath {
    /// `text` with its formulas as MathML (`MathMLFormula`), the rest escaped with `scripts`.
    ///
    /// A formula is a run of whole words that `MathMLFormula` reads as math, holding a
    /// relation, an operator of its own or a script (`=`, `√`, `_`, `^`, …): `x_t = √ᾱ_t x_0` is
    /// one, `T = 1000` too, `0.95` or `a` alone are not. Punctuation that ends the sentence stays outside.
    static func html(_ text: some StringProtocol) -> String {
        let words = String(text).split(separator: " ", omittingEmptySubsequences: false)
        var out: [String] = []
        var plain: [Substring] = []
        func flush() {
            if !plain.isEmpty { out.append(scripts(plain.joined(separator: " "))) }
            plain = []
        }
        var start = 0
        while start < words.count {
            if let (end, formula, trailing) = longestFormula(words, from: start) {
                if !plain.isEmpty { plain.append("") }
                flush()
                out.append(formula + HTML.escape(trailing) + (end < words.count ? " " : ""))
                start = end
            } else {
                plain.append(words[start])
                start += 1
            }
        }
        flush()
        return out.joined()
    }

    /// What makes a run of math words a formula worth typesetting: a relation, a radical, a norm or a script.
    static let triggers: Set<Character> = ["_", "^", "√", "=", "‖", "∏", "∑", "≈", "~", "²", "₀", "₁", "≤", "≥",
                                           "∈", "∝"]

    /// The longest formula of whole words starting at `start`: where it ends, its MathML and
    /// the punctuation after it.
    private static func longestFormula(_ words: [Substring], from start: Int) -> (Int, String, Substring)? {
        let first = words[start].prefix { !".,;:?!".contains($0) }
        guard MathMLFormula.html(String(first)) != nil || first.contains("(") || first.contains("√") else { return nil }
        var end = start
        while end < words.count, end - start < 40, !words[end].isEmpty { end += 1 }
        while end > start {
            let last = words[end - 1]
            let cut = last.lastIndex { !".,;:?!".contains($0) }.map { last.index(after: $0) } ?? last.startIndex
            let text = (words[start..<end - 1] + [last[..<cut]]).joined(separator: " ")
            if text.contains(where: triggers.contains), text.contains(where: { $0.isLetter || $0.isNumber }),
               let formula = MathMLFormula.html(text) {
                return (end, formula, last[cut...])
            }
            end -= 1
        }
        return nil
    }

    /// Subscripts and superscripts of text that is not a formula.
    static func scripts(_ text: some StringProtocol) -> String {
        let characters = Array(text)
        var out = ""
        var i = 0
        while i < characters.count {
            if let (tag, script, next) = self.script(in: characters, at: i) {
                out += "<\(tag)>" + scripts(String(script)) + "</\(tag)>"
                i = next
            } else {
                out += HTML.escape(String(characters[i]))
                i += 1
            }
        }
        return out
    }

    /// The subscript or superscript that starts with the `_` or `^` at `i`: its tag, its
    /// text, and the index after it.
    private static func script(in characters: [Character], at i: Int) -> (String, ArraySlice<Character>, Int)? {
        let marker = characters[i]
        guard marker == "_" || marker == "^", i > 0, i + 1 < characters.count else { return nil }
        let base = characters[i - 1]
        if marker == "_" {
            let oneLetter = base.isLetter && (i < 2 || !isWordCharacter(characters[i - 2]))
            guard oneLetter else { return nil }
        } else {
            guard isWordCharacter(base) || ")]}".contains(base) else { return nil }
        }
        let tag = marker == "_" ? "sub" : "sup"
        let start = i + 1
        if characters[start] == "{" {
            guard let close = matchingBrace(in: characters, from: start), close > start + 1 else { return nil }
            return (tag, characters[start + 1..<close], close + 1)
        }
        var end = start
        if marker == "^" && (characters[end] == "-" || characters[end] == "−") { end += 1 }
        if end < characters.count && isDigit(characters[end]) {
            while end < characters.count && isDigit(characters[end]) { end += 1 }
        } else if end == start && characters[end].isLetter {
            end += 1
        } else {
            return nil
        }
        guard end == characters.count || !isWordCharacter(characters[end]) else { return nil }
        return (tag, characters[start..<end], end)
    }

    /// The index of the `}` that closes the `{` at `open`.
    private static func matchingBrace(in characters: [Character], from open: Int) -> Int? {
        var depth = 0
        for j in open..<characters.count {
            if characters[j] == "{" { depth += 1 }
            if characters[j] == "}" { depth -= 1 }
            if depth == 0 { return j }
        }
        return nil
    }

    private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
}
