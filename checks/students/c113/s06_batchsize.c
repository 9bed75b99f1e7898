/* backward.c - assignment 4
 * Helpers for each gradient, all called from backward() at the bottom.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dL/dscores. batch = number of samples (loss is averaged) */
static void grad_dscores(const gsl_matrix *prob, const size_t *y, size_t batch,
                         gsl_matrix *dscores) {
    size_t i, k;
    for (i = 0; i < prob->size1; i++) {
        for (k = 0; k < prob->size2; k++) {
            double t = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(dscores, i, k, (gsl_matrix_get(prob, i, k) - t) / batch);
        }
    }
}

static void grad_W2(const gsl_matrix *hidden, const gsl_matrix *dscores,
                    const gsl_matrix *W2, double reg, gsl_matrix *dW2) {
    size_t i, j, n;
    for (i = 0; i < W2->size1; i++) {
        for (j = 0; j < W2->size2; j++) {
            double s = 0;
            for (n = 0; n < hidden->size1; n++)
                s += gsl_matrix_get(hidden, n, i) * gsl_matrix_get(dscores, n, j);
            gsl_matrix_set(dW2, i, j, s + 2 * reg * gsl_matrix_get(W2, i, j));
        }
    }
}

static void grad_b2(const gsl_matrix *dscores, gsl_vector *db2) {
    size_t n, j;
    for (j = 0; j < dscores->size2; j++) {
        double s = 0;
        for (n = 0; n < dscores->size1; n++)
            s += gsl_matrix_get(dscores, n, j);
        gsl_vector_set(db2, j, s);
    }
}

static void grad_hidden(const gsl_matrix *dscores, const gsl_matrix *W2, gsl_matrix *dhidden) {
    size_t n, i, j;
    for (n = 0; n < dscores->size1; n++) {
        for (i = 0; i < W2->size1; i++) {
            double s = 0;
            for (j = 0; j < W2->size2; j++)
                s += gsl_matrix_get(dscores, n, j) * gsl_matrix_get(W2, i, j);
            gsl_matrix_set(dhidden, n, i, s);
        }
    }
}

static void grad_relu(const gsl_matrix *dhidden, const gsl_matrix *z1, gsl_matrix *dz1) {
    size_t n, i;
    for (n = 0; n < z1->size1; n++) {
        for (i = 0; i < z1->size2; i++) {
            double d = gsl_matrix_get(dhidden, n, i);
            gsl_matrix_set(dz1, n, i, gsl_matrix_get(z1, n, i) > 0 ? d : 0.0);
        }
    }
}

static void grad_W1(const gsl_matrix *X, const gsl_matrix *dz1,
                    const gsl_matrix *W1, double reg, gsl_matrix *dW1) {
    size_t i, j, n;
    for (i = 0; i < W1->size1; i++) {
        for (j = 0; j < W1->size2; j++) {
            double s = 0;
            for (n = 0; n < X->size1; n++)
                s += gsl_matrix_get(X, n, i) * gsl_matrix_get(dz1, n, j);
            gsl_matrix_set(dW1, i, j, s + 2 * reg * gsl_matrix_get(W1, i, j));
        }
    }
}

static void grad_b1(const gsl_matrix *dz1, gsl_vector *db1) {
    size_t n, j;
    for (j = 0; j < dz1->size2; j++) {
        double s = 0;
        for (n = 0; n < dz1->size1; n++)
            s += gsl_matrix_get(dz1, n, j);
        gsl_vector_set(db1, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
        return 1;

    grad_dscores(cache->prob, y, X->size2, g->dz2);   /* X is (batch, dim) */
    grad_W2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    grad_b2(g->dz2, g->db2);
    grad_hidden(g->dz2, net->W2, g->dp1);
    grad_relu(g->dp1, cache->z1, g->dz1);
    grad_W1(X, g->dz1, net->W1, reg, g->dW1);
    grad_b1(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
