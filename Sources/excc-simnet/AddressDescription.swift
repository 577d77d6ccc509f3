/// The kind of a decoded simnet address (and its key, for P2PK).
struct AddressDescription {
    enum Kind { case p2pk, p2pkh, p2sh }
    let kind: Kind
    let publicKeyHex: String?
}
