/// Largest absolute coordinate of a 2-vector (tolerance checks on points).
func maxAbs(_ v: SIMD2<Double>) -> Double { max(Swift.abs(v.x), Swift.abs(v.y)) }
