from __future__ import print_function
from past.builtins import xrange
import numpy as np


def affine_forward(x, w, b):
    return x.dot(w) + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout.dot(w.T), x.T.dot(dout), dout.sum(axis=0)


class TwoLayerNet(object):
    """Two layer net, L2 weight decay 0.5 * reg * ||W||^2 on W1 and W2."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']

        a, cache1 = affine_forward(X, W1, b1)
        h = np.maximum(a, 0)
        scores, cache2 = affine_forward(h, W2, b2)
        if y is None:
            return scores

        N = X.shape[0]
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(N), y].sum() / N

        dscores = np.exp(log_probs)
        dscores[np.arange(N), y] -= 1
        dscores /= N
        dh, dW2, db2 = affine_backward(dscores, cache2)
        da = dh * (a > 0)
        _, dW1, db1 = affine_backward(da, cache1)
        dW1 += reg * W1
        dW2 += reg * W2

        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
