import Foundation

/// Locations a test needs: the package root and the shared test vectors.
public enum Paths {
    /// The package checkout, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
