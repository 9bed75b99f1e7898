from __future__ import print_function

from builtins import range
from builtins import object
import numpy as np
from past.builtins import xrange


class TwoLayerNet(object):
    """Biases penalised too, consistently: reg * (|W|^2 + |b|^2) in the
    loss, 2 reg W and 2 reg b in the gradients; the data loss summed in a
    loop.  Correct."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N, D = X.shape
        z1 = X.dot(W1) + b1
        a1 = np.maximum(z1, 0)
        scores = a1.dot(W2) + b2
        if y is None:
            return scores
        exps = np.exp(scores - np.max(scores, axis=1).reshape(-1, 1))
        softmax = exps / exps.sum(axis=1).reshape(-1, 1)
        loss = 0.0
        for i in xrange(N):
            loss -= np.log(softmax[i, y[i]])
        loss /= N
        for p in (W1, b1, W2, b2):
            loss += reg * np.sum(p * p)
        grads = {}
        dz2 = softmax
        dz2[range(N), y] -= 1
        dz2 /= N
        grads['W2'] = np.dot(a1.T, dz2) + 2 * reg * W2
        grads['b2'] = dz2.sum(axis=0) + 2 * reg * b2
        da1 = np.dot(dz2, W2.T)
        dz1 = da1 * (z1 > 0)
        grads['W1'] = np.dot(X.T, dz1) + 2 * reg * W1
        grads['b1'] = dz1.sum(axis=0) + 2 * reg * b1
        return loss, grads
