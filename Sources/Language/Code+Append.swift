/// `xs = append(xs, x)`, the way `.gns` builds a list in a loop: when the variable holds the only reference to
/// its list, `x` is appended in place (amortised O(1), so the loop is linear, not quadratic); otherwise, or if
/// `x`'s evaluation changed `xs`, or `xs` is not a list, it runs as the plain call, with the same result and errors.
final class AppendInPlaceCode: StatementCode {
    let hops: Int
    let slot: Int
    /// The call `append(xs, x)` as written.
    let call: CallCode

    init(hops: Int, slot: Int, call: CallCode) {
        self.hops = hops
        self.slot = slot
        self.call = call
    }

    /// The call `append(variable, element)` when `value` is exactly that, for the variable at (`hops`, `slot`).
    static func matching(_ value: any ExpressionCode, hops: Int, slot: Int) -> CallCode? {
        guard let call = value as? CallCode, call.keywords.isEmpty, call.positional.count == 2,
              let callee = call.callee as? ConstantCode, case let .builtin(builtin) = callee.value, builtin === Builtins.append
        else { return nil }
        switch call.positional[0] {
        case let local as LocalCode where hops == 0 && local.slot == slot: return call
        case let outer as OuterCode where outer.hops == hops && outer.slot == slot: return call
        default: return nil
        }
    }

    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        try run.step(at: call.location)
        let target = frame.ancestor(hops)
        var list = target.slots[slot]
        let element = try call.positional[1].evaluate(frame, run)
        guard case var .list(items) = list, Self.sameStorage(target.slots[slot], items) else {
            target.slots[slot] = try run.call(.builtin(Builtins.append), arguments: [list, element], keywords: [], at: call.location, call: call)
            return .next
        }
        try run.reserve(items.count + 1, "append: a list", at: call.location)
        // The list fitted the nesting limit when it was built; only the new element can deepen it.
        try element.checkNesting(inside: 1, at: call.location)
        // Drop the other references (the variable's, and `list`'s) so `items` is unique and grows in place.
        target.slots[slot] = .nil
        list = .nil
        items.append(element)
        target.slots[slot] = .list(items)
        return .next
    }

    /// Whether `value` is a list sharing `items`'s storage (the variable was not reassigned meanwhile).
    private static func sameStorage(_ value: Value, _ items: [Value]) -> Bool {
        guard case let .list(current) = value else { return false }
        return current.withUnsafeBufferPointer { a in items.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
