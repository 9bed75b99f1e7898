from __future__ import print_function

import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  """
  input - fully connected layer - ReLU - fully connected layer - softmax
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
    layer1 = np.dot(X, W1) + b1
    relu1 = np.maximum(layer1, 0)
    scores = np.dot(relu1, W2) + b2
    if y is None:
      return scores

    loss = None
    exp_scores = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(N), y])) / N
    loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    grads = {}
    dscores = probs / N
    grads['W2'] = np.dot(relu1.T, dscores) + 2 * reg * W2
    grads['b2'] = np.sum(dscores, axis=0)
    drelu1 = np.dot(dscores, W2.T)
    dlayer1 = drelu1 * (layer1 > 0)
    grads['W1'] = np.dot(X.T, dlayer1) + 2 * reg * W1
    grads['b1'] = np.sum(dlayer1, axis=0)
    return loss, grads

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
