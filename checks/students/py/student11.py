from __future__ import print_function
from builtins import range
from builtins import object

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

    # forward pass
    relu_out = np.maximum(0, np.dot(X, W1) + b1)
    scores = np.dot(relu_out, W2) + b2
    if y is None:
      return scores

    # softmax loss
    scores -= scores.max(axis=1).reshape(N, 1)
    probs = np.exp(scores) / np.sum(np.exp(scores), axis=1).reshape(N, 1)
    loss = -np.sum(np.log(probs[range(N), y])) / N
    loss += reg * np.sum(W1 * W1) + reg * np.sum(W2 * W2)

    # backward pass
    grads = {}
    dscores = probs
    dscores[range(N), y] -= 1
    grads['W2'] = np.dot(relu_out.T, dscores) + 2 * reg * W2
    grads['b2'] = np.sum(dscores, axis=0)
    drelu = np.dot(dscores, W2.T)
    drelu[relu_out <= 0] = 0
    grads['W1'] = np.dot(X.T, drelu) + 2 * reg * W1
    grads['b1'] = np.sum(drelu, axis=0)
    return loss, grads

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
