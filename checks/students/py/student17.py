import numpy as np


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

        hidden = np.maximum(0, X.dot(W1) + b1)
        scores = hidden.dot(W2) + b2
        if y is None:
            return scores

        exp_scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)
        loss = np.mean(-np.log(probs[np.arange(N), y]))
        loss += reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        grads = {}
        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2
        grads['b2'] = np.sum(dscores, axis=0)
        dhidden = dscores.dot(W2.T)
        grads['b1'] = np.sum(dhidden, axis=0)
        dhidden[hidden <= 0] = 0
        grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
