/// The JSON-RPC error codes of exccjson (PROTOCOL.md §8.3). Several upstream constants share a number;
/// each number appears once here, named after its most common meaning.
public enum RPCErrorCode: Int, Sendable, CaseIterable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    /// ErrRPCMisc; also NoWallet, Unimplemented, OutOfRange and the node's mempool rule rejections.
    case misc = -1
    case forbiddenBySafeMode = -2
    case type = -3
    /// ErrRPCWallet: the wallet's default for any error without a more specific code.
    case wallet = -4
    /// InvalidAddressOrKey, BlockNotFound, NoTxInfo.
    case invalidAddressOrKey = -5
    case walletInsufficientFunds = -6
    case outOfMemory = -7
    case invalidParameter = -8
    case clientNotConnected = -9
    case clientInInitialDownload = -10
    case walletInvalidAccountName = -11
    case keypoolRanOut = -12
    case walletUnlockNeeded = -13
    case walletPassphraseIncorrect = -14
    case wrongEncState = -15
    case encryptionFailed = -16
    case alreadyUnlocked = -17
    case database = -20
    case deserialization = -22
    case verify = -25
    case duplicateTx = -40
}
