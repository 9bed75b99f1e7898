from __future__ import print_function

import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  """
  z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, loss = softmax CE + reg.
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

    z1 = X.dot(W1) + b1
    p1 = np.maximum(0, z1)
    z2 = p1.dot(W2) + b2
    scores = z2
    if y is None:
      return scores

    z2_max = np.max(z2, axis=1, keepdims=True)
    exp_z2 = np.exp(z2 - z2_max)
    softmax = exp_z2 / np.sum(exp_z2, axis=1, keepdims=True)
    loss = np.sum(-np.log(softmax[range(N), y])) / N
    loss += reg * np.sum(W1 * W1) + reg * np.sum(W2 * W2)

    grads = {}
    dz2 = softmax.copy()
    dz2[range(N), y] -= 1
    dz2 /= N
    grads['W2'] = p1.T.dot(dz2) + 2 * reg * W2
    grads['b2'] = np.sum(dz2, axis=0)
    dp1 = dz2.dot(W2.T)
    dp1[z1 <= 0] = 0
    dz1 = dp1
    grads['W1'] = X.T.dot(dz1) + 2 * reg * W1
    grads['b1'] = np.sum(dz1, axis=0)
    return loss, grads

  def predict(self, X):
    y_pred = None
    y_pred = np.argmax(self.loss(X), axis=1)
    return y_pred
