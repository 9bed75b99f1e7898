/* backward.c -- lab 4, backpropagation
 *
 * Algorithm from the lecture notes (per example, then average):
 *   1. error at the output  err2 = cost_derivative(a2, y)
 *   2. nabla_b2 += err2, nabla_w2 += a1 err2^T
 *   3. err1 = (W2 err2) * relu'(z1)
 *   4. nabla_b1 += err1, nabla_w1 += x err1^T
 * then divide everything by N and add 2*reg*W to the weights.
 */
#include "backprop.h"

#define MAX_H 32
#define MAX_C 16

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* derivative of the cross-entropy w.r.t. the scores, for a softmax output */
static double cost_derivative(double a, int is_target)
{
    double t = is_target ? 1.0 : 0.0;
    return t - a;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int n, i, j, k;
    double err2[MAX_C], err1[MAX_H];

    if (H > MAX_H || C > MAX_C)
        return 1;

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (n = 0; n < N; n++) {
        /* 1 */
        for (k = 0; k < C; k++) {
            err2[k] = cost_derivative(gsl_matrix_get(cache->prob, n, k),
                                      (size_t) k == y[n]);
            gsl_matrix_set(g->dz2, n, k, err2[k] / N);
        }
        /* 2 */
        for (k = 0; k < C; k++) {
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + err2[k]);
            for (j = 0; j < H; j++)
                gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                               + gsl_matrix_get(cache->p1, n, j) * err2[k]);
        }
        /* 3 */
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(net->W2, j, k) * err2[k];
            gsl_matrix_set(g->dp1, n, j, s / N);
            err1[j] = gsl_matrix_get(cache->z1, n, j) > 0.0 ? s : 0.0;
            gsl_matrix_set(g->dz1, n, j, err1[j] / N);
        }
        /* 4 */
        for (j = 0; j < H; j++) {
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + err1[j]);
            for (i = 0; i < D; i++)
                gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                               + gsl_matrix_get(X, n, i) * err1[j]);
        }
    }

    /* average + weight decay */
    gsl_matrix_scale(g->dW2, 1.0 / N);
    gsl_vector_scale(g->db2, 1.0 / N);
    gsl_matrix_scale(g->dW1, 1.0 / N);
    gsl_vector_scale(g->db1, 1.0 / N);
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                           + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
