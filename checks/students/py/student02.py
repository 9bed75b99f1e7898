from __future__ import print_function

import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  """
  input - fully connected layer - ReLU - fully connected layer - softmax
  L2 regularization: 0.5 * reg * (sum(W1**2) + sum(W2**2))
  """

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

    scores = None
    h1 = np.maximum(0, np.dot(X, W1) + b1)
    scores = np.dot(h1, W2) + b2
    if y is None:
      return scores

    loss = None
    f = scores - np.max(scores, axis=1, keepdims=True)
    p = np.exp(f) / np.sum(np.exp(f), axis=1, keepdims=True)
    loss = np.sum(-np.log(p[range(N), y])) / N
    loss += 0.5 * reg * np.sum(W1 * W1) + 0.5 * reg * np.sum(W2 * W2)

    grads = {}
    df = p
    df[range(N), y] -= 1
    df /= N
    grads['W2'] = np.dot(h1.T, df)
    grads['b2'] = np.sum(df, axis=0)
    dh1 = np.dot(df, W2.T)
    dh1[h1 <= 0] = 0
    grads['W1'] = np.dot(X.T, dh1)
    grads['b1'] = np.sum(dh1, axis=0)

    return loss, grads

  def predict(self, X):
    y_pred = np.argmax(self.loss(X), axis=1)
    return y_pred
