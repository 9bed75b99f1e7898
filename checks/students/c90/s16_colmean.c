/* backward.c -- two-layer network, backward pass.
 *
 * n: sample (N), j: hidden (H), c: class (C), d: input (D).
 *
 *   dz2[n][c] = (P[n][c] - 1{c = y_n}) / N
 *   dW2[j][c] = sum_n p1[n][j] dz2[n][c] + 2 reg W2[j][c]
 *   dp1[n][j] = sum_c dz2[n][c] W2[j][c]
 *   dz1[n][j] = dp1[n][j] 1{z1[n][j] > 0}
 *   dW1[d][j] = sum_n X[n][d] dz1[n][j] + 2 reg W1[d][j]
 *
 * Biases: b is shared by all N rows, so its gradient is the average of the
 * row gradients,  db[c] = (1/N) sum_n dZ[n][c]  (bias_grad below, used for
 * both layers).
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t n, c;
    for (c = 0; c < dZ->size2; c++) {
        double sum = 0.0;
        for (n = 0; n < dZ->size1; n++)
            sum += gsl_matrix_get(dZ, n, c);
        gsl_vector_set(db, c, sum / dZ->size1);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, j, c, d;
    double sum;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            double ind = (c == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, c, (gsl_matrix_get(cache->prob, n, c) - ind) / N);
        }
    }

    for (j = 0; j < H; j++) {
        for (c = 0; c < C; c++) {
            sum = 0.0;
            for (n = 0; n < N; n++)
                sum += gsl_matrix_get(cache->p1, n, j) * gsl_matrix_get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, j, c, sum + 2.0 * reg * gsl_matrix_get(net->W2, j, c));
        }
    }
    bias_grad(g->dz2, g->db2);

    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (c = 0; c < C; c++)
                sum += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, j, c);
            gsl_matrix_set(g->dp1, n, j, sum);
            gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(cache->z1, n, j) > 0.0 ? sum : 0.0);
        }
    }

    for (d = 0; d < D; d++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (n = 0; n < N; n++)
                sum += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, j);
            gsl_matrix_set(g->dW1, d, j, sum + 2.0 * reg * gsl_matrix_get(net->W1, d, j));
        }
    }
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
