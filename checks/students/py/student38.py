from __future__ import print_function
from builtins import range, object

import numpy as np
import matplotlib.pyplot as plt


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

        #############################################################
        # forward pass
        #############################################################
        z1 = np.matmul(X, W1) + b1
        h = z1.copy()
        h[h < 0] = 0
        scores = np.matmul(h, W2) + b2

        if y is None:
            return scores

        #############################################################
        # loss: softmax + 0.5 * reg * ||theta||^2 (biases included)
        #############################################################
        exp = np.exp(scores)
        probs = exp / exp.sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).mean()
        loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2)
                             + np.sum(b1 * b1) + np.sum(b2 * b2))

        #############################################################
        # backward pass
        #############################################################
        dout = probs
        dout[np.arange(N), y] -= 1
        dout = dout / N
        dW2 = np.matmul(h.T, dout) + reg * W2
        db2 = np.sum(dout, axis=0) + reg * b2
        dh = np.matmul(dout, W2.T)
        dh[z1 < 0] = 0
        dW1 = np.matmul(X.T, dh) + reg * W1
        db1 = np.sum(dh, axis=0) + reg * b1

        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        return loss, grads

    def predict(self, X):
        y_pred = np.argmax(self.loss(X), axis=1)
        return y_pred
