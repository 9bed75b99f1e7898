from __future__ import print_function
from past.builtins import xrange

import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  """
  Same net as in the notebook, but I regularise the biases as well
  (loss gets reg * sum of squares of every parameter).
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

    hidden = X.dot(W1) + b1
    hidden = np.maximum(hidden, 0)
    scores = hidden.dot(W2) + b2
    if y is None:
      return scores

    scores_max = np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores - scores_max)
    sum_exp = np.sum(exp_scores, axis=1, keepdims=True)
    probs = exp_scores / sum_exp
    loss = np.sum(-np.log(probs[np.arange(N), y])) / N
    loss += reg * (np.sum(W1 * W1) + np.sum(b1 * b1))
    loss += reg * (np.sum(W2 * W2) + np.sum(b2 * b2))

    grads = {}
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2
    grads['b2'] = dscores.sum(axis=0) + 2 * reg * b2
    dhidden = dscores.dot(W2.T)
    dhidden[hidden == 0] = 0
    grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1
    grads['b1'] = dhidden.sum(axis=0) + 2 * reg * b1
    return loss, grads

  def train(self, X, y, X_val, y_val,
            learning_rate=1e-3, learning_rate_decay=0.95,
            reg=5e-6, num_iters=100, batch_size=200, verbose=False):
    num_train = X.shape[0]
    iterations_per_epoch = max(num_train / batch_size, 1)
    loss_history = []
    for it in xrange(num_iters):
      idx = np.random.choice(num_train, batch_size, replace=True)
      loss, grads = self.loss(X[idx], y=y[idx], reg=reg)
      loss_history.append(loss)
      for name in self.params:
        self.params[name] += -learning_rate * grads[name]
      if verbose and it % 100 == 0:
        print('iteration %d / %d: loss %f' % (it, num_iters, loss))
      if it % iterations_per_epoch == 0:
        learning_rate *= learning_rate_decay
    return {'loss_history': loss_history}

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
