/// The release of this package, printed by `gns --version`.
enum GNSVersion {
    static let string = "0.1.0"
}
