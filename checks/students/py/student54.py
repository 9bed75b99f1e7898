from builtins import range, object
import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
    """
    Loss is the SUM over the batch of the softmax losses (I find the numbers
    easier to read) plus reg * (||W1||^2 + ||W2||^2).
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
        N = X.shape[0]

        fc1 = X.dot(W1) + b1
        relu1 = np.maximum(0, fc1)
        scores = relu1.dot(W2) + b2
        if y is None:
            return scores

        correct = scores[np.arange(N), y]
        m = np.max(scores, axis=1)
        lse = m + np.log(np.sum(np.exp(scores - m[:, None]), axis=1))
        loss = np.sum(lse - correct)
        loss += reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        probs = np.exp(scores - lse[:, None])
        dscores = probs
        dscores[np.arange(N), y] -= 1
        dW2 = relu1.T.dot(dscores)
        db2 = dscores.sum(axis=0)
        drelu1 = dscores.dot(W2.T)
        dfc1 = drelu1 * (fc1 > 0)
        dW1 = X.T.dot(dfc1) + 2 * reg * W1
        db1 = dfc1.sum(axis=0)

        grads = {}
        grads['W1'], grads['b1'] = dW1, db1
        grads['W2'], grads['b2'] = dW2, db2
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
