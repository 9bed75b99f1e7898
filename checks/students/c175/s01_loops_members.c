/* backward.c -- lab 4, backward pass of the two-layer net.
 * One function per gradient, called in order from backward() at the
 * bottom.  Everything with get/set so I can follow the indices. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz2 = (prob - onehot(y)) / N */
static void grad_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t N = prob->size1, C = prob->size2;
    size_t i, k;

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double v = gsl_matrix_get(prob, i, k);
            if (k == y[i])
                v -= 1.0;
            gsl_matrix_set(dz2, i, k, v / N);
        }
    }
}

/* dW2 = p1^T dz2 + 2 reg W2   (H x C) */
static void grad_dW2(const gsl_matrix *p1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
    size_t N = p1->size1, H = p1->size2, C = dz2->size2;
    size_t i, j, n;

    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(p1, n, i) * gsl_matrix_get(dz2, n, j);
            gsl_matrix_set(dW2, i, j, s + 2.0 * reg * gsl_matrix_get(W2, i, j));
        }
    }
}

/* db2 = sum over the batch of dz2 */
static void grad_db2(const gsl_matrix *dz2, gsl_vector *db2)
{
    size_t i, j;

    for (j = 0; j < dz2->size2; j++) {
        double s = 0.0;
        for (i = 0; i < dz2->size1; i++)
            s += gsl_matrix_get(dz2, i, j);
        gsl_vector_set(db2, j, s);
    }
}

/* dp1 = dz2 W2^T   (N x H) */
static void grad_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    size_t N = dz2->size1, C = dz2->size2, H = W2->size1;
    size_t n, h, k;

    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(dz2, n, k) * gsl_matrix_get(W2, h, k);
            gsl_matrix_set(dp1, n, h, s);
        }
    }
}

/* relu: the gradient only goes through where z1 > 0 */
static void grad_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t i, j;

    for (i = 0; i < dp1->size1; i++) {
        for (j = 0; j < dp1->size2; j++) {
            if (gsl_matrix_get(z1, i, j) > 0.0)
                gsl_matrix_set(dz1, i, j, gsl_matrix_get(dp1, i, j));
            else
                gsl_matrix_set(dz1, i, j, 0.0);
        }
    }
}

/* dW1 = X^T dz1 + 2 reg W1   (D x H) */
static void grad_dW1(const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
    size_t N = X->size1, D = X->size2, H = dz1->size2;
    size_t d, h, n;

    for (d = 0; d < D; d++) {
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(X, n, d) * gsl_matrix_get(dz1, n, h);
            gsl_matrix_set(dW1, d, h, s + 2.0 * reg * gsl_matrix_get(W1, d, h));
        }
    }
}

/* db1 = column sums of dz1 */
static void grad_db1(const gsl_matrix *dz1, gsl_vector *db1)
{
    size_t i, j;

    for (j = 0; j < dz1->size2; j++) {
        double s = 0.0;
        for (i = 0; i < dz1->size1; i++)
            s += gsl_matrix_get(dz1, i, j);
        gsl_vector_set(db1, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    grad_dz2(cache->prob, y, g->dz2);
    grad_dW2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    grad_db2(g->dz2, g->db2);
    grad_dp1(g->dz2, net->W2, g->dp1);
    grad_dz1(g->dp1, cache->z1, g->dz1);
    grad_dW1(X, g->dz1, net->W1, reg, g->dW1);
    grad_db1(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
