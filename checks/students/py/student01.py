import numpy as np


class TwoLayerNet(object):
    """
    fc - relu - fc - softmax.  Data loss averaged over the batch,
    weight decay reg * (||W1||^2 + ||W2||^2).
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

        a1 = np.maximum(0, X @ W1 + b1)
        scores = a1 @ W2 + b2
        if y is None:
            return scores

        scores = scores - np.max(scores, axis=1, keepdims=True)
        exp_scores = np.exp(scores)
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        loss = -np.sum(np.log(probs[np.arange(N), y]))
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads = {}
        grads['W2'] = a1.T @ dscores + 2 * reg * W2
        grads['b2'] = np.sum(dscores, axis=0)
        da1 = dscores @ W2.T
        da1[a1 <= 0] = 0
        grads['W1'] = X.T @ da1 + 2 * reg * W1
        grads['b1'] = np.sum(da1, axis=0)
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
