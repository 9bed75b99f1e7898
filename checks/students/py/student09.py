import numpy as np


class TwoLayerNet(object):
    """Two layer net with softmax loss and reg * ||W||^2 weight decay."""

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
        relu = np.maximum(0, fc1)
        scores = relu.dot(W2) + b2
        if y is None:
            return scores

        exp_scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).sum() / N
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads = {}
        grads['W2'] = fc1.T.dot(dscores) + 2 * reg * W2
        grads['b2'] = dscores.sum(axis=0)
        drelu = dscores.dot(W2.T)
        dfc1 = drelu * (fc1 > 0)
        grads['W1'] = X.T.dot(dfc1) + 2 * reg * W1
        grads['b1'] = drelu.sum(axis=0)
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
