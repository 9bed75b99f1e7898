/* backward.c  --  CS lab 4 (two layer net)
 * I wrote small macros for get/set because the names are long.
 * backward() calls one function per gradient. */

#include "backprop.h"

#define GET(m, i, j)     gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))
#define FOR(i, n)        for (i = 0; i < (n); i++)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void back_softmax(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t i, k, N = prob->size1, C = prob->size2;
    FOR(i, N) FOR(k, C)
        SET(dz2, i, k, (GET(prob, i, k) - (k == y[i])) / N);
}

static void back_W2(const gsl_matrix *p1, const gsl_matrix *dz2,
                    const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
    size_t h, k, i;
    FOR(h, W2->size1) FOR(k, W2->size2) {
        double s = 2 * reg * GET(W2, h, k);
        FOR(i, p1->size1)
            s += GET(p1, i, h) * GET(dz2, i, k);
        SET(dW2, h, k, s);
    }
}

static void back_b2(const gsl_matrix *dz2, gsl_vector *db2)
{
    size_t i, k;
    FOR(k, dz2->size2) {
        double s = 0;
        FOR(i, dz2->size1)
            s += GET(dz2, i, k);
        gsl_vector_set(db2, k, s);
    }
}

static void back_p1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    size_t i, h, k;
    FOR(i, dz2->size1) FOR(h, W2->size1) {
        double s = 0;
        FOR(k, W2->size2)
            s += GET(dz2, i, k) * GET(W2, h, k);
        SET(dp1, i, h, s);
    }
}

/* relu backward: keep dp1 where the unit was on (z1 > 0) */
static void back_relu(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t i, h;
    FOR(i, dz1->size1) FOR(h, dz1->size2)
        SET(dz1, i, h, GET(z1, i, h) > 0 ? GET(dp1, i, h) : 0.0);
}

static void back_W1(const gsl_matrix *X, const gsl_matrix *dz1,
                    const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
    size_t d, h, i;
    FOR(d, W1->size1) FOR(h, W1->size2) {
        double s = 2 * reg * GET(W1, d, h);
        FOR(i, X->size1)
            s += GET(X, i, d) * GET(dz1, i, h);
        SET(dW1, d, h, s);
    }
}

static void back_b1(const gsl_matrix *dz1, gsl_vector *db1)
{
    size_t i, h;
    FOR(h, dz1->size2) {
        double s = 0;
        FOR(i, dz1->size1)
            s += GET(dz1, i, h);
        gsl_vector_set(db1, h, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    back_softmax(cache->prob, y, g->dz2);
    back_W2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    back_b2(g->dz2, g->db2);
    back_p1(g->dz2, net->W2, g->dp1);
    back_relu(cache->z1, g->dp1, g->dz1);
    back_W1(X, g->dz1, net->W1, reg, g->dW1);
    back_b1(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
