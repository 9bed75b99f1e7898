from __future__ import print_function
from past.builtins import xrange

import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  """
  Two layer net: ReLU hidden layer, softmax on top,
  L2 reg 0.5 * reg * ||W||^2 on both weight matrices.
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
    C = W2.shape[1]

    hidden = np.maximum(0, np.dot(X, W1) + b1)
    scores = np.dot(hidden, W2) + b2
    if y is None:
      return scores

    y_true = np.zeros((N, C))
    y_true[np.arange(N), y] = 1
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    loss = -np.sum(y_true * np.log(probs)) / N
    loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    dscores = (y_true - probs) / N
    dW2 = np.dot(hidden.T, dscores) + reg * W2
    db2 = np.sum(dscores, axis=0)
    dhidden = np.dot(dscores, W2.T)
    dhidden[hidden <= 0] = 0
    dW1 = np.dot(X.T, dhidden) + reg * W1
    db1 = np.sum(dhidden, axis=0)

    grads = dict(W1=dW1, b1=db1, W2=dW2, b2=db2)
    return loss, grads

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
