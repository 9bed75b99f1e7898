from __future__ import print_function
from builtins import range
import numpy as np
from past.builtins import xrange


class TwoLayerNet(object):
    """Naive loops, sample by sample.  Correct."""

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
        H, C = W2.shape
        z1 = np.zeros((N, H))
        for i in xrange(N):
            z1[i] = X[i].dot(W1) + b1
        h = np.maximum(0, z1)
        scores = h.dot(W2) + b2
        if y is None:
            return scores
        loss = 0.0
        dscores = np.zeros((N, C))
        for i in xrange(N):
            s = scores[i] - np.max(scores[i])
            p = np.exp(s) / np.sum(np.exp(s))
            loss += -np.log(p[y[i]])
            for j in range(C):
                dscores[i, j] = (p[j] - (j == y[i])) / N
        loss = loss / N + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
        dW2 = h.T.dot(dscores) + 2 * reg * W2
        db2 = dscores.sum(axis=0)
        dh = dscores.dot(W2.T)
        dz1 = dh.copy()
        for i in xrange(N):
            for j in xrange(H):
                if z1[i, j] <= 0:
                    dz1[i, j] = 0
        dW1 = X.T.dot(dz1) + 2 * reg * W1
        db1 = dz1.sum(axis=0)
        return loss, {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
