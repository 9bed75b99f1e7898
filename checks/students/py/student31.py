from __future__ import print_function

from builtins import range
from builtins import object
import numpy as np
import matplotlib.pyplot as plt
from past.builtins import xrange


class TwoLayerNet(object):
    """
    A two-layer fully-connected neural network with softmax loss and L2
    regularization on the weight matrices.
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
        h = np.maximum(0, X @ W1 + b1)
        scores = h @ W2 + b2
        if y is None:
            return scores

        loss = None
        scores_stable = scores - scores.max(axis=1, keepdims=True)
        p = np.exp(scores_stable)
        p /= p.sum(axis=1, keepdims=True)
        loss = -np.log(p[np.arange(N), y]).mean()
        loss += reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        grads = {}
        dscores = p
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads['W2'] = h.T @ dscores + 2 * reg * W2
        grads['b2'] = dscores.sum(axis=0)
        dh = dscores @ W2.T
        dh = dh * (h > 0)
        grads['W1'] = X.T @ dh + 2 * reg * W1
        grads['b1'] = dh.sum(axis=0)
        return loss, grads

    def train(self, X, y, X_val, y_val,
              learning_rate=1e-3, learning_rate_decay=0.95,
              reg=5e-6, num_iters=100,
              batch_size=200, verbose=False):
        num_train = X.shape[0]
        iterations_per_epoch = max(num_train / batch_size, 1)

        loss_history = []
        train_acc_history = []
        val_acc_history = []

        for it in range(num_iters):
            batch_indices = np.random.choice(num_train, batch_size)
            X_batch = X[batch_indices]
            y_batch = y[batch_indices]

            loss, grads = self.loss(X_batch, y=y_batch, reg=reg)
            loss_history.append(loss)

            self.params['W1'] -= learning_rate * grads['W1']
            self.params['b1'] -= learning_rate * grads['b1']
            self.params['W2'] -= learning_rate * grads['W2']
            self.params['b2'] -= learning_rate * grads['b2']

            if verbose and it % 100 == 0:
                print('iteration %d / %d: loss %f' % (it, num_iters, loss))

            if it % iterations_per_epoch == 0:
                train_acc = (self.predict(X_batch) == y_batch).mean()
                val_acc = (self.predict(X_val) == y_val).mean()
                train_acc_history.append(train_acc)
                val_acc_history.append(val_acc)
                learning_rate *= learning_rate_decay

        return {
            'loss_history': loss_history,
            'train_acc_history': train_acc_history,
            'val_acc_history': val_acc_history,
        }

    def predict(self, X):
        y_pred = None
        y_pred = np.argmax(self.loss(X), axis=1)
        return y_pred
