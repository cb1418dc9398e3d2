/// Reads the CSV that `CSVTable` writes (RFC 4180): fields separated by commas, records by
/// line breaks; a field in double quotes may hold commas, line breaks and doubled quotes.
public enum CSVReader {
    /// The records of `text`, each a list of fields, quotes removed. A final line break
    /// ends the last record; it does not start an empty one.
    public static func records(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, atFieldStart = true

        /// Ends the field (and at a line break the record) when `character` is a separator.
        func finish(_ character: Character) -> Bool {
            switch character {
            case ",":
                record.append(field)
            case "\n", "\r\n", "\r":
                record.append(field)
                records.append(record)
                record = []
            default:
                return false
            }
            field = ""
            atFieldStart = true
            return true
        }

        var characters = text.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    // A doubled quote is one quote; a single one closes the field.
                    guard let next = characters.next() else { quoted = false; break }
                    if next == "\"" { field.append("\""); continue }
                    quoted = false
                    if !finish(next) { field.append(next) }
                } else {
                    field.append(character)
                }
                continue
            }
            if character == "\"" && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if !finish(character) {
                field.append(character)
                atFieldStart = false
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
