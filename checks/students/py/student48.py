from __future__ import print_function
from builtins import range, object

import numpy as np


class TwoLayerNet(object):
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

        h = np.maximum(0, np.einsum('ij,jk->ik', X, W1) + b1)
        scores = np.einsum('ij,jk->ik', h, W2) + b2
        if y is None:
            return scores

        scores_max = np.max(scores, axis=1, keepdims=True)
        log_probs = scores - scores_max - np.log(
            np.sum(np.exp(scores - scores_max), axis=1, keepdims=True))
        loss = -np.sum(log_probs[np.arange(N), y]) / N
        loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = np.exp(log_probs)
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads = {}
        grads['W2'] = np.einsum('ij,ik->jk', h, dscores)
        grads['b2'] = np.sum(dscores, axis=0)
        dh = np.einsum('ik,jk->ij', dscores, W2)
        dh[h <= 0] = 0
        grads['W1'] = np.einsum('ij,ik->jk', X, dh)
        grads['b1'] = np.sum(dh, axis=0)

        # weight decay on every parameter
        for name, param in self.params.items():
            grads[name] += reg * param
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
