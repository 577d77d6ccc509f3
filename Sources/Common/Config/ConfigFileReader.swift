#if canImport(Glibc)
import Glibc
#endif

/// Reads the go-flags INI dialect of exccstakepool.conf and stakepoold.conf (SPEC §3.1): `key=value` lines,
/// `;`/`#` comments, an optional `[Application Options]` header, Go-quoted values.
enum ConfigFileReader {
    /// Larger files are refused: a config is a few KiB, anything else is a mistake (a log, a binary).
    static let maximumSize = 1 << 20

    static func read<Config>(path: String, table: OptionTable<Config>)
        throws(ConfigError) -> [ConfigAssignment<Config>] {
        try parse(try contents(of: path), file: path, table: table)
    }

    static func parse<Config>(_ text: String, file: String, table: OptionTable<Config>)
        throws(ConfigError) -> [ConfigAssignment<Config>] {
        var assignments: [ConfigAssignment<Config>] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = OptionValueParser.trim(String(rawLine))
            guard let first = line.first, first != ";", first != "#" else { continue }
            let location = ConfigLocation(file: file, line: lineNumber)
            if first == "[" {
                guard line.last == "]" else {
                    throw ConfigError.unknownSection(name: String(line.dropFirst()), location: location)
                }
                let name = OptionValueParser.trim(String(line.dropFirst().dropLast()))
                guard name.lowercased() == "application options" else {
                    throw ConfigError.unknownSection(name: name, location: location)
                }
                continue
            }
            // go-flags: a line without "=" is a key with an empty value (true for a bool).
            var key = line, value = ""
            if let equals = line.firstIndex(of: "=") {
                key = OptionValueParser.trim(String(line[..<equals]))
                value = OptionValueParser.trim(String(line[line.index(after: equals)...]))
            }
            guard let spec = table.fileOption(key) else {
                throw ConfigError.unknownOption(name: key, location: location)
            }
            if value.first == "\"" {
                do {
                    value = try GoStringLiteral.unquote(value)
                } catch {
                    throw ConfigError.invalidValue(option: spec.name, value: spec.isSecret ? "********" : value,
                                                   expected: "a Go string literal (\(error.reason))",
                                                   location: location)
                }
            }
            assignments.append(ConfigAssignment(spec: spec, value: value, location: location))
        }
        return assignments
    }

    /// The file's text; `ENOENT` is reported separately so a missing default file can be just a warning.
    static func contents(of path: String) throws(ConfigError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigError.unreadableFile(path: path, reason: errnoText()) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw ConfigError.unreadableFile(path: path, reason: "is a directory")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ConfigError.unreadableFile(path: path, reason: errnoText())
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > maximumSize {
                throw ConfigError.unreadableFile(path: path, reason: "larger than \(maximumSize) bytes")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError.unreadableFile(path: path, reason: "not UTF-8 text")
        }
        return text.replacingCRLF()
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

private extension String {
    /// Files edited on Windows end lines with CRLF; the trailing CR would otherwise stick to values.
    func replacingCRLF() -> String {
        contains("\r") ? String(unicodeScalars.filter { $0 != "\r" }.map(Character.init)) : self
    }
}
