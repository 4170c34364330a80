import Foundation
import Random
import Tensors

/// A fully connected layer, `x Wᵀ + b`, PyTorch names `weight` `[out, in]` and `bias` `[out]`.
public struct Linear: ParameterContainer, Sendable {
    /// `[out, in]`.
    public var weight: Tensor
    /// `[out]`.
    public var bias: Tensor

    /// PyTorch's default initialisation: both uniform in ±1/√in.
    public init(_ inputs: Int, _ outputs: Int, generator: inout SeededGenerator) {
        let bound = 1 / Double(inputs).squareRoot()
        weight = Tensor.randomUniform([outputs, inputs], in: -bound..<bound, using: &generator)
        bias = Tensor.randomUniform([outputs], in: -bound..<bound, using: &generator)
    }

    /// Applies the layer to `[..., in]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { Tensor.linear(x, weight: weight, bias: bias) }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        body(join(prefix, "weight"), &weight)
        body(join(prefix, "bias"), &bias)
    }
}

/// A 3x3 (or k x k) convolution, PyTorch names `weight` `[out, in, k, k]` and optional `bias`.
public struct Conv2d: ParameterContainer, Sendable {
    /// `[out, in, k, k]`.
    public var weight: Tensor
    /// `[out]`, or `nil` for a bias-free convolution (one followed by batch norm).
    public var bias: Tensor?
    /// Stride in both directions.
    public let stride: Int
    /// Zero padding on every side.
    public let padding: Int

    /// PyTorch's default initialisation: uniform in ±1/√(in·k·k).
    public init(_ inputs: Int, _ outputs: Int, kernel: Int = 3, stride: Int = 1, padding: Int = 1, bias: Bool = true,
                generator: inout SeededGenerator) {
        let bound = 1 / Double(inputs * kernel * kernel).squareRoot()
        weight = Tensor.randomUniform([outputs, inputs, kernel, kernel], in: -bound..<bound, using: &generator)
        self.bias = bias ? Tensor.randomUniform([outputs], in: -bound..<bound, using: &generator) : nil
        self.stride = stride
        self.padding = padding
    }

    /// Applies the convolution to `[N, in, H, W]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        body(join(prefix, "weight"), &weight)
        if bias != nil { body(join(prefix, "bias"), &bias!) }
    }
}

/// A k×k×k 3-D convolution (PyTorch's `Conv3d`), names `weight` `[out, in, k, k, k]` and `bias` `[out]`.
public struct Conv3d: ParameterContainer, Sendable {
    /// `[out, in, k, k, k]`.
    public var weight: Tensor
    /// `[out]`.
    public var bias: Tensor
    /// Stride on every axis.
    public let stride: Int
    /// Zero padding on every side.
    public let padding: Int

    /// PyTorch's default initialisation: uniform in ±1/√(in·k³).
    public init(_ inputs: Int, _ outputs: Int, kernel: Int = 3, stride: Int = 1, padding: Int = 1, generator: inout SeededGenerator) {
        let bound = 1 / Double(inputs * kernel * kernel * kernel).squareRoot()
        weight = Tensor.randomUniform([outputs, inputs, kernel, kernel, kernel], in: -bound..<bound, using: &generator)
        bias = Tensor.randomUniform([outputs], in: -bound..<bound, using: &generator)
        self.stride = stride
        self.padding = padding
    }

    /// Applies the convolution to `[N, in, D, H, W]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.conv3d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        body(join(prefix, "weight"), &weight)
        body(join(prefix, "bias"), &bias)
    }
}

/// Batch normalisation over channels (PyTorch's `BatchNorm2d`): `weight`, `bias`, and the running
/// statistics `running_mean`, `running_var` as buffers.
public struct BatchNorm: ParameterContainer, Sendable {
    /// Per-channel scale.
    public var weight: Tensor
    /// Per-channel shift.
    public var bias: Tensor
    /// Running mean and variance, updated in training passes.
    public var statistics: BatchNormStatistics

    /// Identity scale, zero shift, running mean 0 and variance 1 (PyTorch's initialisation).
    public init(_ channels: Int) {
        weight = Tensor.ones([channels])
        bias = Tensor.zeros([channels])
        statistics = BatchNormStatistics(channels: channels)
    }

    /// Normalises `[N, C, ...]`: batch statistics in training (updating the running ones), running ones otherwise.
    public mutating func callAsFunction(_ x: Tensor, _ pass: ForwardPass) -> Tensor {
        x.batchNormalized(weight: weight, bias: bias, statistics: &statistics, training: pass.isTraining)
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        body(join(prefix, "weight"), &weight)
        body(join(prefix, "bias"), &bias)
    }

    public mutating func visitBuffers(prefix: String, _ body: (String, inout Tensor) -> Void) {
        body(join(prefix, "running_mean"), &statistics.mean)
        body(join(prefix, "running_var"), &statistics.variance)
    }
}

/// A stack of LSTM layers with PyTorch's `nn.LSTM` names (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`,
/// `bias_hh_l0`, then `_l1`, ...), run one time step at a time.
public struct LSTMStack: ParameterContainer, Sendable {
    /// Per layer: input weights `[4H, in]`, hidden weights `[4H, H]`, and their biases `[4H]`.
    public var weightsInput: [Tensor], weightsHidden: [Tensor], biasesInput: [Tensor], biasesHidden: [Tensor]
    /// The hidden size H.
    public let hiddenSize: Int

    /// PyTorch's initialisation: every weight and bias uniform in ±1/√H.
    public init(inputSize: Int, hiddenSize: Int, layers: Int, generator: inout SeededGenerator) {
        let bound = 1 / Double(hiddenSize).squareRoot()
        func uniform(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape, in: -bound..<bound, using: &generator) }
        weightsInput = []; weightsHidden = []; biasesInput = []; biasesHidden = []
        for layer in 0..<layers {
            weightsInput.append(uniform([4 * hiddenSize, layer == 0 ? inputSize : hiddenSize]))
            weightsHidden.append(uniform([4 * hiddenSize, hiddenSize]))
            biasesInput.append(uniform([4 * hiddenSize]))
            biasesHidden.append(uniform([4 * hiddenSize]))
        }
        self.hiddenSize = hiddenSize
    }

    /// The number of layers.
    public var layerCount: Int { weightsInput.count }

    /// One time step of every layer: `input [N, in]`, per-layer states `[N, H]`; returns the new states.
    /// `betweenLayers` transforms each layer's output before the next layer reads it (dropout in training).
    public func step(_ input: Tensor, hidden: [Tensor], cell: [Tensor],
                     betweenLayers: (Tensor) -> Tensor = { $0 }) -> (hidden: [Tensor], cell: [Tensor]) {
        var x = input
        var newHidden: [Tensor] = [], newCell: [Tensor] = []
        for layer in 0..<layerCount {
            let (h, c) = Tensor.lstmCell(input: layer == 0 ? x : betweenLayers(x), hidden: hidden[layer], cell: cell[layer],
                                         weightInput: weightsInput[layer], weightHidden: weightsHidden[layer],
                                         biasInput: biasesInput[layer], biasHidden: biasesHidden[layer])
            newHidden.append(h)
            newCell.append(c)
            x = h
        }
        return (newHidden, newCell)
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        for layer in 0..<layerCount {
            body(join(prefix, "weight_ih_l\(layer)"), &weightsInput[layer])
            body(join(prefix, "weight_hh_l\(layer)"), &weightsHidden[layer])
            body(join(prefix, "bias_ih_l\(layer)"), &biasesInput[layer])
            body(join(prefix, "bias_hh_l\(layer)"), &biasesHidden[layer])
        }
    }
}
