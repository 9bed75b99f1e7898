import numpy as np


class TwoLayerNet(object):
    """Two layer net, softmax loss, reg * (||W1||^2 + ||W2||^2)."""

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
        h1 = z1
        h1[h1 < 0] = 0
        scores = h1.dot(W2) + b2
        if y is None:
            return scores

        scores_max = scores.max(axis=1, keepdims=True)
        exp_scores = np.exp(scores - scores_max)
        probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)
        loss = -np.log(probs[range(N), y]).mean()
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = probs
        dscores[range(N), y] -= 1
        dscores /= N
        grads = {}
        grads['W2'] = h1.T.dot(dscores) + 2 * reg * W2
        grads['b2'] = dscores.sum(axis=0)
        dh1 = dscores.dot(W2.T)
        dh1[z1 < 0] = 0
        grads['W1'] = X.T.dot(dh1) + 2 * reg * W1
        grads['b1'] = dh1.sum(axis=0)
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
