from __future__ import print_function
import numpy as np
import matplotlib.pyplot as plt


def relu_backward(dout, x):
    """The gradient through max(0, x)."""
    dx = dout.copy()
    dx[dout < 0] = 0
    return dx


def softmax_loss(scores, y):
    N = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1,
                                        keepdims=True))
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


class TwoLayerNet(object):
    """The backward pass in helpers.  Mistake: relu_backward masks on the
    sign of the upstream gradient, not on the ReLU's input."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        z1 = X.dot(W1) + b1
        a1 = np.maximum(0, z1)
        scores = a1.dot(W2) + b2
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        grads = {}
        grads['W2'] = a1.T.dot(dscores) + 2 * reg * W2
        grads['b2'] = np.sum(dscores, axis=0)
        dz1 = relu_backward(dscores.dot(W2.T), z1)
        grads['W1'] = X.T.dot(dz1) + 2 * reg * W1
        grads['b1'] = np.sum(dz1, axis=0)
        return loss, grads
