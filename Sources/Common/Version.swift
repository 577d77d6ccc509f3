/// Versions of the programs in this package, as they report them.
public enum Version {
    /// The original exccstakepool and stakepoold report 1.1.1; the Swift build continues from there.
    public static let app = "2.0.0"
}
