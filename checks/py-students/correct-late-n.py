from __future__ import print_function
import numpy as np


class TwoLayerNet(object):
    """Biases kept as rows (1, H); dscores left without its 1/N, which is
    applied to each gradient instead; chatty.  Correct."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros((1, hidden_size))
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros((1, output_size))
        print("made a net", input_size, hidden_size, output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N, D = X.shape
        l1 = np.maximum(0, np.dot(X, W1) + b1)
        scores = np.dot(l1, W2) + b2
        print("forward done")
        if y is None:
            return scores
        e = np.exp(scores - np.max(scores))
        probs = e / np.sum(e, axis=1, keepdims=True)
        correct_logprobs = -np.log(probs[range(N), y])
        loss = np.sum(correct_logprobs) / N + reg * np.sum(W1 * W1) \
            + reg * np.sum(W2 * W2)
        dscores = probs
        dscores[range(N), y] -= 1
        grads = {}
        grads['W2'] = np.dot(l1.T, dscores) / N + 2 * reg * W2
        grads['b2'] = np.sum(dscores, axis=0, keepdims=True) / N
        dl1 = np.dot(dscores, W2.T) / N
        dl1[l1 <= 0] = 0
        grads['W1'] = np.dot(X.T, dl1) + 2 * reg * W1
        grads['b1'] = np.sum(dl1, axis=0, keepdims=True)
        print("loss", loss, file=__import__('sys').stderr)
        return loss, grads
