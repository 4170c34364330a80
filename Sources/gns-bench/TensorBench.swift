import Arguments
import Foundation
import Kernels
import Random

/// `gns-bench tensor`: matmul, convolution and LSTM-step timings on the kernels and through the Tensors
/// tape, optionally next to PyTorch.
enum TensorBench {
    static let subcommand = Subcommand(
        CommandSpec(
            name: "tensor",
            summary: "Time matmul, conv2d and LSTM-step kernels (median of repeats, microseconds and GFLOP/s).",
            options: [
                .flag("compare", help: "Also run Benchmarks/tensor_bench.py (PyTorch, 2 threads) and print GNS/PyTorch ratios."),
                .value("pytorch", "FILE", help: "Compare against timings saved by 'python3 Benchmarks/tensor_bench.py --json > FILE'."),
                .value("seconds", "S", help: "Minimum time spent timing each row.", default: "0.5"),
                .value("only", "TEXT", help: "Run only the rows whose name contains TEXT."),
                .flag("tape", help: "Add the conv and LSTM rows through the Tensors tape (slow while Tensors uses its stand-in loops)."),
            ]
        )
    ) { arguments in
        let seconds = try arguments.double("seconds") ?? 0.5
        var reference: [String: Double]?
        if let path = arguments.string("pytorch") {
            reference = try PyTorchScript.load(path)
        } else if arguments.flag("compare") {
            reference = try PyTorchScript(relativePath: "Benchmarks/tensor_bench.py").run()
        }
        let rows = TensorBenchRows.all(includingTape: arguments.flag("tape")).filter { row in arguments.string("only").map { row.name.contains($0) } ?? true }
        BenchTimer.printMachine()
        print("benchmark".padding(toLength: 46, withPad: " ", startingAt: 0) + "      median us     min us     cpu us    GFLOP/s" + (reference == nil ? "" : "   PyTorch us   GNS/PyTorch"))
        for row in rows {
            let (microseconds, fastest, cpu) = BenchTimer.microseconds(minimumSeconds: seconds, row.body)
            var line = row.name.padding(toLength: 46, withPad: " ", startingAt: 0)
            line += String(format: " %14.1f %10.1f %10.1f %10.2f", microseconds, fastest, cpu, row.flops / microseconds / 1e3)
            if let torch = reference?[row.comparedTo] {
                line += String(format: " %12.1f %13.2f", torch, microseconds / torch)
            }
            print(line)
        }
        return 0
    }
}

/// Wall-clock times of repeated runs after a warm-up.
enum BenchTimer {
    /// The load average and the kernels' build, so a table can be read against the conditions it was taken in.
    static func printMachine() {
        var load = [0.0, 0.0, 0.0]
        let loadText = getloadavg(&load, 3) > 0 ? String(format: "load average %.2f (1 min)", load[0]) : "load average unknown"
        print("\(loadText) on \(ProcessInfo.processInfo.activeProcessorCount) cores; kernels built for \(Gemm.buildDescription)")
    }

    /// The median and the fastest run, and the median process CPU time per run (all threads), in
    /// microseconds. On a shared machine the minimum and the CPU time show the undisturbed cost; the
    /// median wall time is what the tables report.
    static func microseconds(minimumSeconds: Double, minimumRuns: Int = 10, _ body: () -> Void) -> (median: Double, minimum: Double, cpu: Double) {
        for _ in 0..<3 { body() }
        var times: [Double] = [], cpuTimes: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        while times.count < minimumRuns || Double(DispatchTime.now().uptimeNanoseconds - start) < minimumSeconds * 1e9 {
            let begin = DispatchTime.now().uptimeNanoseconds, cpuBegin = processCPUMicroseconds()
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e3)
            cpuTimes.append(processCPUMicroseconds() - cpuBegin)
        }
        times.sort()
        cpuTimes.sort()
        return (times[times.count / 2], times[0], cpuTimes[cpuTimes.count / 2])
    }

    static func processCPUMicroseconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
    }
}

/// One timed row: a name, the PyTorch row it compares with, its floating-point operation count and the work.
struct TensorBenchRow {
    var name: String
    var comparedTo: String
    var flops: Double
    var body: () -> Void
}

/// The benchmark rows (built once; each owns its buffers).
enum TensorBenchRows {
    static func all(includingTape: Bool) -> [TensorBenchRow] {
        var generator = SeededGenerator(seed: 2026)
        var rows = [matmul(m: 256, n: 256, k: 256, &generator), matmul(m: 1, n: 1024, k: 256, &generator)]
        for (inputs, outputs) in [(1, 16), (16, 32), (32, 64)] {
            rows.append(convolution(inputs: inputs, outputs: outputs, &generator))
            if includingTape { rows.append(tapeConvolution(inputs: inputs, outputs: outputs, &generator)) }
        }
        for side in [14, 7, 3] { rows.append(convolution(inputs: 64, outputs: 64, side: side, &generator)) }
        for batch in [1, 64] {
            rows.append(lstm(batch: batch, &generator))
            if includingTape { rows.append(tapeLSTM(batch: batch, &generator)) }
        }
        return rows
    }

    static func randomBuffer(_ count: Int, _ generator: inout SeededGenerator) -> UnsafeMutablePointer<Float> {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
        generator.fillNormal(UnsafeMutableBufferPointer(start: buffer, count: count), standardDeviation: 0.1)
        return buffer
    }

    /// C[m×n] = A[m×k]·B[k×n]; the matrix-vector row (m = 1) is the batch-1 LSTM's shape.
    static func matmul(m: Int, n: Int, k: Int, _ generator: inout SeededGenerator) -> TensorBenchRow {
        let a = randomBuffer(m * k, &generator), b = randomBuffer(k * n, &generator), c = randomBuffer(m * n, &generator)
        return TensorBenchRow(name: "matmul \(m)x\(k)x\(n) [kernels]", comparedTo: "matmul \(m)x\(k)x\(n)",
                              flops: 2 * Double(m * n * k)) {
            Gemm.multiply(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n,
                          beta: 0, c: c, ldc: n)
        }
    }

    /// One 3×3, padding-1 convolution of the GNS image nets at batch 64, side × side, forward then backward
    /// (input, weight and bias gradients, as PyTorch computes with requires_grad inputs).
    static func convolution(inputs: Int, outputs: Int, side: Int = 28, _ generator: inout SeededGenerator) -> TensorBenchRow {
        let shape = ConvolutionShape(batch: 64, inChannels: inputs, outChannels: outputs, height: side, width: side,
                                     kernelSize: 3, stride: 1, padding: 1)
        let inputCount = shape.batch * inputs * side * side, outputCount = shape.batch * outputs * side * side
        let weightCount = outputs * inputs * 9
        let x = randomBuffer(inputCount, &generator), w = randomBuffer(weightCount, &generator)
        let bias = randomBuffer(outputs, &generator), y = randomBuffer(outputCount, &generator)
        let dy = randomBuffer(outputCount, &generator), dx = randomBuffer(inputCount, &generator)
        let dw = randomBuffer(weightCount, &generator), db = randomBuffer(outputs, &generator)
        let name = "conv \(inputs)->\(outputs) b64 \(side)x\(side) fwd+bwd"
        return TensorBenchRow(name: name + " [kernels]", comparedTo: name, flops: 3 * 2 * Double(outputCount * inputs * 9)) {
            Convolution.forward(shape, input: x, weight: w, bias: bias, output: y)
            dx.update(repeating: 0, count: inputCount)
            Convolution.backward(shape, input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw, biasGradient: db)
        }
    }

    /// One LSTM cell step of the stroke net (input 2 + 128 = 130: a pen offset and a 128-wide context;
    /// hidden 256), forward then backward to the input, the state and all weights, written directly on
    /// `Gemm` plus elementwise loops.
    static func lstm(batch: Int, _ generator: inout SeededGenerator) -> TensorBenchRow {
        let step = LSTMKernelStep(batch: batch, inputSize: 130, hiddenSize: 256, generator: &generator)
        let name = "lstm b\(batch) in130 h256 fwd+bwd"
        return TensorBenchRow(name: name + " [kernels]", comparedTo: name, flops: 3 * 2 * Double(batch * 4 * 256 * (130 + 256))) {
            step.forward()
            step.backward()
        }
    }
}
