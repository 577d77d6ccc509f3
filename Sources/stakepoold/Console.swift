import Foundation

/// Messages for the operator on standard error (start-up failures, the reload command).
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
