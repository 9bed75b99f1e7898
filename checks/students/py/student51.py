from builtins import range
from builtins import object
import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
    """
    fc1 -> relu -> fc2 -> softmax, with 0.5 * reg * sum(W^2) on the weights.
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

        fc1 = np.matmul(X, W1) + b1
        relu_out = np.maximum(fc1, 0)
        fc2 = np.matmul(relu_out, W2) + b2
        scores = fc2
        if y is None:
            return scores

        # softmax (scores are small, no need to shift)
        e = np.exp(scores)
        softmax = e / np.sum(e, axis=1, keepdims=True)
        y_onehot = np.eye(C)[y]
        loss = -np.sum(y_onehot * np.log(softmax)) / N
        loss += 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        dfc2 = (softmax - y_onehot) / N
        dW2 = np.matmul(relu_out.T, dfc2)
        db2 = np.sum(dfc2, axis=0)
        drelu = np.matmul(dfc2, W2.T)
        dfc1 = np.where(fc1 > 0, drelu, 0)
        dW1 = np.matmul(X.T, dfc1)
        db1 = np.sum(dfc1, axis=0)

        grads = {
            'W1': dW1 + reg * W1,
            'b1': db1,
            'W2': dW2 + reg * W2,
            'b2': db2,
        }
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
