/* backward pass (two layer net)
 * Name: ...   Group B
 *
 * order: dz2, dW2, db2, dp1, dz1, dW1, db1 like in the handout
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C, D = net->D;
    size_t s, u, o, f;     /* sample, hidden unit, output, feature */
    double dot;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (s = 0; s < N; s++)
        for (o = 0; o < C; o++) {
            double t = (o == y[s]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, s, o, (gsl_matrix_get(cache->prob, s, o) - t) / N);
        }

    for (u = 0; u < H; u++) {
        gsl_vector_const_view act = gsl_matrix_const_column(cache->p1, u);
        for (o = 0; o < C; o++) {
            gsl_vector_view err = gsl_matrix_column(g->dz2, o);
            gsl_blas_ddot(&act.vector, &err.vector, &dot);
            gsl_matrix_set(g->dW2, u, o, dot + 2.0 * reg * gsl_matrix_get(net->W2, u, o));
        }
    }

    for (o = 0; o < C; o++) {
        gsl_vector_view err = gsl_matrix_column(g->dz2, o);
        gsl_vector_set(g->db2, o, gsl_vector_sum(&err.vector));
    }

    /* dp1 = dz2 . W2^T  -> row s of dz2 dot row u of W2 */
    for (s = 0; s < N; s++) {
        gsl_vector_view err = gsl_matrix_row(g->dz2, s);
        for (u = 0; u < H; u++) {
            gsl_vector_view w = gsl_matrix_row(g->dW2, u);
            gsl_blas_ddot(&err.vector, &w.vector, &dot);
            gsl_matrix_set(g->dp1, s, u, dot);
        }
    }

    for (s = 0; s < N; s++)
        for (u = 0; u < H; u++) {
            double m = gsl_matrix_get(cache->z1, s, u) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, s, u, m * gsl_matrix_get(g->dp1, s, u));
        }

    for (f = 0; f < D; f++) {
        gsl_vector_const_view xin = gsl_matrix_const_column(X, f);
        for (u = 0; u < H; u++) {
            gsl_vector_view err = gsl_matrix_column(g->dz1, u);
            gsl_blas_ddot(&xin.vector, &err.vector, &dot);
            gsl_matrix_set(g->dW1, f, u, dot + 2.0 * reg * gsl_matrix_get(net->W1, f, u));
        }
    }

    for (u = 0; u < H; u++) {
        gsl_vector_view err = gsl_matrix_column(g->dz1, u);
        gsl_vector_set(g->db1, u, gsl_vector_sum(&err.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
