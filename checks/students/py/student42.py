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

        hidden = np.maximum(0, np.dot(X, W1) + b1)
        scores = np.dot(hidden, W2) + b2
        if y is None:
            return scores

        shift_scores = scores - np.max(scores, axis=1, keepdims=True)
        softmax = np.exp(shift_scores)
        softmax /= np.sum(softmax, axis=1, keepdims=True)
        loss = -np.sum(np.log(softmax[range(N), y])) / N
        loss += reg * np.sum(W1 * W1) + reg * np.sum(W2 * W2)

        grads = {}
        dscores = softmax
        dscores[range(N), y] -= 1
        dscores /= N
        grads['W2'] = np.dot(hidden.T, dscores) + 2 * reg * W2
        grads['b2'] = np.sum(dscores, axis=0)
        dhidden = np.dot(dscores, grads['W2'].T)
        dhidden[hidden <= 0] = 0
        grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
        grads['b1'] = np.sum(dhidden, axis=0)
        return loss, grads

    def train(self, X, y, X_val, y_val, learning_rate=1e-3,
              learning_rate_decay=0.95, reg=5e-6, num_iters=100,
              batch_size=200, verbose=False):
        num_train = X.shape[0]
        loss_history = []
        for it in range(num_iters):
            batch = np.random.choice(num_train, batch_size)
            loss, grads = self.loss(X[batch], y=y[batch], reg=reg)
            loss_history.append(loss)
            for k, v in grads.items():
                self.params[k] -= learning_rate * v
        return {'loss_history': loss_history}

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
