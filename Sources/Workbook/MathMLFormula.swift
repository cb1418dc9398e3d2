/// One formula in the workbook's plain-text notation as MathML, which Chromium, Firefox and
/// Safari lay out natively, with no script or font to download: `√(1 − ᾱ_t)` becomes a
/// radical over `1 − ᾱ_t`, `x_{t−1}` a subscript, `σ^2` and `σ²` superscripts, `z₀` a
/// subscript. The plain text stays as `alttext` (what a screen reader or a copy falls back on).
///
/// It reads single letters (with accents: `ᾱ`, `x̂`, `β̃`) as identifiers, a few names
/// (`log`, `KL`, `Var`, …) as functions, numbers, and the operators the lessons write; any
/// other word (English) makes it give up, so `html` returns nil for prose. `×` is left out on
/// purpose: the lessons write it after ratios (`1.8×`), not between factors (they write `·`).
enum MathMLFormula {
    /// Multi-letter names that may appear in a formula; they are set upright.
    static let names: Set<String> = ["log", "exp", "sin", "cos", "arccos", "max", "min", "KL", "SNR", "Var", "clip",
                                     "slerp"]
    static let operators: Set<Character> = ["=", "+", "−", "-", "·", "/", "|", "‖", ",", "~", "≈", "≤", "≥", "<", ">", "…",
                                            "∏", "∑", "∈", "→", "←", "∝", "±", "∇", "∂", "∞", ":"]
    static let superscripts: [Character: String] = ["²": "2", "³": "3", "¹": "1", "⁰": "0"]
    static let subscripts: [Character: String] = ["₀": "0", "₁": "1", "₂": "2", "ₜ": "t"]

    /// The formula as `<math>`, or nil when `text` is not one.
    static func html(_ text: String) -> String? {
        var parser = Parser(characters: Array(text))
        guard let nodes = parser.sequence(until: nil), parser.index == parser.characters.count, !nodes.isEmpty else { return nil }
        return "<math alttext=\"\(HTML.escape(text))\">" + row(nodes) + "</math>"
    }

    static func row(_ nodes: [String]) -> String { nodes.count == 1 ? nodes[0] : "<mrow>" + nodes.joined() + "</mrow>" }

    struct Parser {
        let characters: [Character]
        var index = 0

        /// Nodes up to `close` (consumed) or the end; nil when something is not math.
        mutating func sequence(until close: Character?) -> [String]? {
            var nodes: [String] = []
            while index < characters.count {
                let c = characters[index]
                if c == " " { index += 1; continue }
                if let close, c == close { index += 1; return nodes }
                if c == ")" || c == "]" || c == "}" { return nil }
                if c == "_" || c == "^" {
                    guard let base = nodes.popLast(), let script = script() else { return nil }
                    nodes.append(c == "_" ? "<msub>\(base)\(script)</msub>" : "<msup>\(base)\(script)</msup>")
                    continue
                }
                if let digit = MathMLFormula.superscripts[c] ?? MathMLFormula.subscripts[c] {
                    guard let base = nodes.popLast() else { return nil }
                    let tag = MathMLFormula.superscripts[c] != nil ? "msup" : "msub"
                    nodes.append("<\(tag)>\(base)\(token(digit))</\(tag)>")
                    index += 1
                    continue
                }
                guard let node = atom() else { return nil }
                nodes.append(node)
            }
            return close == nil ? nodes : nil
        }

        /// A number, an identifier, a radical, a bracketed group or an operator.
        mutating func atom() -> String? {
            let c = characters[index]
            if c == "√" {
                index += 1
                guard index < characters.count else { return nil }
                if characters[index] == "(" {
                    index += 1
                    guard let inside = sequence(until: ")") else { return nil }
                    return "<msqrt>" + MathMLFormula.row(inside) + "</msqrt>"
                }
                guard var radicand = atom() else { return nil }
                while index < characters.count, characters[index] == "_" || characters[index] == "^" {
                    let marker = characters[index]
                    guard let script = script() else { return nil }
                    radicand = marker == "_" ? "<msub>\(radicand)\(script)</msub>" : "<msup>\(radicand)\(script)</msup>"
                }
                return "<msqrt>" + radicand + "</msqrt>"
            }
            if c == "(" || c == "[" {
                index += 1
                guard let inside = sequence(until: c == "(" ? ")" : "]") else { return nil }
                return "<mrow><mo>\(c)</mo>" + inside.joined() + "<mo>\(c == "(" ? ")" : "]")</mo></mrow>"
            }
            if c.isASCII && c.isNumber { return number() }
            if c.isLetter {
                var name = String(c)
                index += 1
                // A Greek or accented letter stands alone; Latin letters run on into a name.
                while !MathMLFormula.isGreekOrAccented(c), index < characters.count, characters[index].isLetter,
                      !MathMLFormula.isGreekOrAccented(characters[index]) {
                    name.append(characters[index])
                    index += 1
                }
                guard name.count == 1 || MathMLFormula.names.contains(name) else { return nil }
                while index < characters.count, characters[index] == "′" { name.append("′"); index += 1 }
                return "<mi>\(HTML.escape(name))</mi>"
            }
            if MathMLFormula.operators.contains(c) {
                index += 1
                return "<mo>\(HTML.escape(String(c)))</mo>"
            }
            return nil
        }

        /// Digits with an optional decimal part and exponent (`4.04e-05`).
        mutating func number() -> String {
            var text = ""
            func digits() {
                while index < characters.count, characters[index].isASCII, characters[index].isNumber {
                    text.append(characters[index])
                    index += 1
                }
            }
            digits()
            if index + 1 < characters.count, characters[index] == ".", characters[index + 1].isASCII, characters[index + 1].isNumber {
                text.append("."); index += 1; digits()
            }
            if index + 1 < characters.count, characters[index] == "e" {
                var k = index + 1
                if k < characters.count, characters[k] == "-" || characters[k] == "+" { k += 1 }
                if k < characters.count, characters[k].isASCII, characters[k].isNumber {
                    text += String(characters[index..<k]); index = k; digits()
                }
            }
            return token(text)
        }

        /// The script after `_` or `^`: `{…}`, a run of digits (with a sign after `^`), or one letter.
        mutating func script() -> String? {
            let marker = characters[index]
            index += 1
            guard index < characters.count else { return nil }
            if characters[index] == "{" {
                index += 1
                guard let inside = sequence(until: "}"), !inside.isEmpty else { return nil }
                return MathMLFormula.row(inside)
            }
            var sign = ""
            if marker == "^", characters[index] == "-" || characters[index] == "−" {
                sign = String(characters[index]); index += 1
                guard index < characters.count else { return nil }
            }
            let result: String
            if characters[index].isASCII && characters[index].isNumber {
                let value = number()
                result = sign.isEmpty ? value : "<mrow><mo>\(sign)</mo>\(value)</mrow>"
            } else {
                guard sign.isEmpty, characters[index].isLetter else { return nil }
                index += 1
                result = "<mi>\(HTML.escape(String(characters[index - 1])))</mi>"
            }
            // Without braces a script ends the word: `x_ta` and `x^y2` are not math.
            if index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                return nil
            }
            return result
        }

        func token(_ digits: String) -> String { "<mn>\(digits)</mn>" }
    }

    /// Greek letters and accented letters stand alone: `ε̂x` is two identifiers, `log` one name.
    static func isGreekOrAccented(_ c: Character) -> Bool {
        guard let first = c.unicodeScalars.first else { return false }
        return c.unicodeScalars.count > 1 || (0x370...0x3FF).contains(first.value) || (0x1F00...0x1FFF).contains(first.value)
    }
}
