/// A transaction the codec built: its txid (display hex) and full serialization.
struct EncodedTransaction {
    let hash: String
    let hex: String
}
