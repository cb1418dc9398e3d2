/// The workbook's plain-text math as HTML: `x_t`, `ᾱ_{t−1}` and `β_1` get subscripts,
/// `σ^2`, `10^-4` and `x^{(i)}` superscripts; everything else is escaped as it is.
///
/// Only a one-letter base takes a subscript, so identifiers such as `alpha_bar` or
/// `t_over_T` keep their underscores; a script without braces is one letter or a run of
/// digits, and must end the word (`x_ta` is left alone).
enum HTMLMath {
    static func html(_ text: some StringProtocol) -> String {
        let characters = Array(text)
        var out = ""
        var i = 0
        while i < characters.count {
            if let (tag, script, next) = self.script(in: characters, at: i) {
                out += "<\(tag)>" + html(String(script)) + "</\(tag)>"
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
