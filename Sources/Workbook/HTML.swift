import Foundation

/// The few HTML primitives the notebook pages need: escaped text, file-system-safe URLs,
/// and the frame of a self-contained document.
enum HTML {
    /// `text` with the characters HTML gives meaning (`& < > " '`) replaced by entities:
    /// safe in element content and in quoted attribute values.
    static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A relative path as an attribute value: percent-encoded, so that a space, `#`, `?` or
    /// `:` in a file name cannot turn it into a fragment, a query or a scheme, then escaped.
    static func url(_ relativePath: String) -> String {
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: ":;?#"))
        return escape(relativePath.addingPercentEncoding(withAllowedCharacters: allowed) ?? relativePath)
    }

    /// A complete page: UTF-8, the shared inline style sheet, and nothing loaded from
    /// anywhere but the page's own folder. `generator` names what wrote it, so a later run
    /// can tell its own pages from files it must not overwrite.
    static func document(title: String, generator: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="\(escape(generator))">
        <title>\(escape(title))</title>
        <style>
        \(HTMLStyle.sheet)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
