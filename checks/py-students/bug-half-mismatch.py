from __future__ import print_function
from builtins import range
from builtins import object
import numpy as np
import matplotlib.pyplot as plt
from past.builtins import xrange


class TwoLayerNet(object):
    """The 2016 template's penalty, 0.5 * reg * sum(W * W), with the
    gradient of the other one, 2 * reg * W.  Mistake: both weight
    gradients' penalty terms are 4 times too large."""

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
        fc1 = X.dot(W1) + b1
        X2 = np.maximum(0, fc1)
        scores = X2.dot(W2) + b2
        if y is None:
            return scores
        scores -= np.max(scores, axis=1, keepdims=True)
        scores_exp = np.exp(scores)
        softmax = scores_exp / np.sum(scores_exp, axis=1, keepdims=True)
        loss = np.sum(-np.log(softmax[range(N), y])) / N
        loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        grads = {}
        softmax[range(N), y] -= 1
        dscores = softmax / N
        grads['W2'] = X2.T.dot(dscores) + 2 * reg * W2
        grads['b2'] = np.sum(dscores, axis=0)
        dX2 = dscores.dot(W2.T)
        dfc1 = dX2 * (fc1 > 0)
        grads['W1'] = X.T.dot(dfc1) + 2 * reg * W1
        grads['b1'] = np.sum(dfc1, axis=0)
        return loss, grads
