# A two-layer net with the 2016 template's penalty, 0.5 * reg * sum(W * W),
# and its gradient reg * W; the backward pass in helper functions, the ReLU
# mask as a product.  Correct.
from __future__ import print_function
import sys

import numpy as np
import matplotlib.pyplot as plt

print("importing the two-layer net", file=sys.stderr)


def affine_forward(x, w, b):
    return x.dot(w) + b


def affine_backward(dout, x, w):
    dx = dout.dot(w.T)
    dw = x.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_backward(dout, x):
    return dout * (x > 0)


class TwoLayerNet(object):
    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {
            'W1': std * np.random.randn(input_size, hidden_size),
            'b1': np.zeros(hidden_size),
            'W2': std * np.random.randn(hidden_size, output_size),
            'b2': np.zeros(output_size),
        }

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]
        a1 = affine_forward(X, W1, b1)
        h1 = np.maximum(0, a1)
        scores = affine_forward(h1, W2, b2)
        if y is None:
            return scores
        scores = scores - scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        loss = np.mean(-np.log(p[np.arange(N), y]))
        loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        d = p.copy()
        d[np.arange(N), y] -= 1
        d /= N
        dh1, dW2, db2 = affine_backward(d, h1, W2)
        da1 = relu_backward(dh1, a1)
        _, dW1, db1 = affine_backward(da1, X, W1)
        dW2 += reg * W2
        dW1 += reg * W1
        return loss, {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
